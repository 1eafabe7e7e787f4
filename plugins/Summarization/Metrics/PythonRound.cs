using System.Globalization;
using System.Numerics;

namespace HfTrain.Plugins.Summarization.Metrics;

/// <summary>
/// Python's <c>round(x, ndigits)</c> for a double: rounds the exact binary value (not its shortest decimal
/// repr) to the nearest multiple of 10^-ndigits, ties to even, then reads that decimal back as the closest
/// double. Math.Round(x, 4) multiplies by 10^4 in floating point first and can land on the other side of a
/// near-tie. (round(2.675, 2) is 2.67 in Python because 2.675 is stored as 2.67499999…)
/// </summary>
internal static class PythonRound
{
    public static double Round(double x, int digits)
    {
        if (!double.IsFinite(x) || x == 0)
        {
            return x;
        }
        // x = ±mantissa · 2^exponent exactly
        var bits = BitConverter.DoubleToInt64Bits(Math.Abs(x));
        var rawExponent = (int)((bits >> 52) & 0x7FF);
        var mantissa = bits & 0xFFFFFFFFFFFFFL;
        int exponent;
        if (rawExponent == 0)
        {
            exponent = -1074; // subnormal
        }
        else
        {
            mantissa |= 1L << 52;
            exponent = rawExponent - 1075;
        }
        // y = |x| · 10^digits = numerator / denominator
        var numerator = new BigInteger(mantissa) * BigInteger.Pow(10, digits);
        var denominator = BigInteger.One;
        if (exponent >= 0)
        {
            numerator <<= exponent;
        }
        else
        {
            denominator <<= -exponent;
        }
        var quotient = BigInteger.DivRem(numerator, denominator, out var remainder);
        var twice = remainder * 2;
        if (twice > denominator || (twice == denominator && !quotient.IsEven))
        {
            quotient += 1;
        }
        var text = string.Create(CultureInfo.InvariantCulture, $"{quotient}E-{digits}");
        var result = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        return x < 0 ? -result : result;
    }
}
