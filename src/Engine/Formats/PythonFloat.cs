using System.Globalization;

namespace HfTrain.Engine.Formats;

/// <summary>
/// Python's float formatting, so model cards read exactly like transformers' (5e-05, 0.0001, 1.0, 28.2848).
/// repr: shortest round-trip digits; scientific when the decimal exponent is &lt; -4 or &gt;= 16 (float_repr_style 'short').
/// </summary>
static class PythonFloat
{
    public static string Repr(double v)
    {
        if (double.IsNaN(v)) return "nan";
        if (double.IsPositiveInfinity(v)) return "inf";
        if (double.IsNegativeInfinity(v)) return "-inf";
        if (v == 0) return double.IsNegative(v) ? "-0.0" : "0.0";

        // "R" is the shortest round-trip text (like Python's repr); split it into digits and a decimal exponent.
        var shortest = Math.Abs(v).ToString("R", CultureInfo.InvariantCulture);
        var (digits, exponent) = Decompose(shortest);
        var sign = v < 0 ? "-" : "";
        if (exponent < -4 || exponent >= 16)
        {
            var mantissa = digits.Length == 1 ? digits : digits[0] + "." + digits[1..];
            return $"{sign}{mantissa}e{(exponent < 0 ? "-" : "+")}{Math.Abs(exponent):00}";
        }
        if (exponent < 0) return sign + "0." + new string('0', -exponent - 1) + digits;
        if (digits.Length <= exponent + 1) return sign + digits + new string('0', exponent + 1 - digits.Length) + ".0";
        return sign + digits[..(exponent + 1)] + "." + digits[(exponent + 1)..];
    }

    /// <summary>A float written the way Python's json module writes it (0.0, 0.1, 1e-06), so saved configs diff cleanly.</summary>
    public static System.Text.Json.Nodes.JsonNode JsonNumber(double value)
    {
        string text = value.ToString("R", System.Globalization.CultureInfo.InvariantCulture).Replace('E', 'e');
        if (!text.Contains('.') && !text.Contains('e') && !double.IsInfinity(value) && !double.IsNaN(value))
            text += ".0";
        return System.Text.Json.Nodes.JsonNode.Parse(text)!;
    }

    /// <summary>f"{v:.{decimals}f}"</summary>
    public static string Fixed(double v, int decimals) => v.ToString("F" + decimals, CultureInfo.InvariantCulture);

    /// <summary>modelcard.py _maybe_round: floats with more than 4 decimals in str(v) are shown with 4.</summary>
    public static string MaybeRound(double v, int decimals = 4)
    {
        var s = Repr(v);
        var dot = s.Split('.');
        return dot.Length > 1 && dot[1].Length > decimals ? Fixed(v, decimals) : s;
    }

    /// <summary>Significant digits without dot or leading zeros, and the decimal exponent of the first one.</summary>
    static (string Digits, int Exponent) Decompose(string shortest)
    {
        var exponent = 0;
        var e = shortest.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(shortest[(e + 1)..], CultureInfo.InvariantCulture);
            shortest = shortest[..e];
        }
        var dot = shortest.IndexOf('.');
        var intPart = dot < 0 ? shortest : shortest[..dot];
        var fracPart = dot < 0 ? "" : shortest[(dot + 1)..];
        var all = (intPart + fracPart).TrimStart('0');
        var leadingZeros = (intPart + fracPart).Length - all.Length;
        exponent += intPart.Length - 1 - leadingZeros;
        all = all.TrimEnd('0');
        return (all.Length == 0 ? "0" : all, exponent);
    }
}
