namespace HfTrain.Plugins.Summarization.Metrics;

/// <summary>
/// NLTK's <c>PorterStemmer()</c> in its default mode <c>NLTK_EXTENSIONS</c> (nltk/stem/porter.py), which is what
/// rouge_score uses with <c>use_stemmer=True</c>. Each step below is named after its method there and keeps its
/// rule order: a rule list stops at the first suffix that matches, whether or not its condition holds.
/// Input is expected lower-case (rouge_score lower-cases before stemming).
/// </summary>
public static class PorterStemmer
{
    // NLTK_EXTENSIONS irregular forms: word -> stem, bypassing the algorithm.
    private static readonly Dictionary<string, string> Pool = new(StringComparer.Ordinal)
    {
        ["sky"] = "sky", ["skies"] = "sky", ["dying"] = "die", ["lying"] = "lie", ["tying"] = "tie",
        ["news"] = "news", ["innings"] = "inning", ["inning"] = "inning", ["outings"] = "outing",
        ["outing"] = "outing", ["cannings"] = "canning", ["canning"] = "canning", ["howe"] = "howe",
        ["proceed"] = "proceed", ["exceed"] = "exceed", ["succeed"] = "succeed",
    };

    private delegate bool Condition(string stem);

    private readonly record struct Rule(string Suffix, string Replacement, Condition? When);

    public static string Stem(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        var stem = word.ToLowerInvariant();
        if (Pool.TryGetValue(word, out var irregular))
        {
            return irregular;
        }
        // strings of length 1 or 2 are not stemmed (NLTK and Martin's versions)
        if (word.Length <= 2)
        {
            return stem;
        }
        stem = Step1a(stem);
        stem = Step1b(stem);
        stem = Step1c(stem);
        stem = Step2(stem);
        stem = Step3(stem);
        stem = Step4(stem);
        stem = Step5a(stem);
        return Step5b(stem);
    }

    private static bool IsConsonant(string word, int i)
    {
        var c = word[i];
        if (c is 'a' or 'e' or 'i' or 'o' or 'u')
        {
            return false;
        }
        if (c == 'y')
        {
            return i == 0 || !IsConsonant(word, i - 1);
        }
        return true;
    }

    /// <summary>m in [C](VC){m}[V]: the number of vowel→consonant transitions.</summary>
    private static int Measure(string stem)
    {
        var m = 0;
        for (var i = 1; i < stem.Length; i++)
        {
            if (!IsConsonant(stem, i - 1) && IsConsonant(stem, i))
            {
                m++;
            }
        }
        return m;
    }

    private static bool HasPositiveMeasure(string stem) => Measure(stem) > 0;

    private static bool ContainsVowel(string stem)
    {
        for (var i = 0; i < stem.Length; i++)
        {
            if (!IsConsonant(stem, i))
            {
                return true;
            }
        }
        return false;
    }

    private static bool EndsDoubleConsonant(string word) =>
        word.Length >= 2 && word[^1] == word[^2] && IsConsonant(word, word.Length - 1);

    /// <summary>*o: ends consonant-vowel-consonant, the last not w/x/y; NLTK adds: a two-letter vowel-consonant word.</summary>
    private static bool EndsCvc(string word) =>
        (word.Length >= 3
            && IsConsonant(word, word.Length - 3)
            && !IsConsonant(word, word.Length - 2)
            && IsConsonant(word, word.Length - 1)
            && word[^1] is not ('w' or 'x' or 'y'))
        || (word.Length == 2 && !IsConsonant(word, 0) && IsConsonant(word, 1));

    private static string Chop(string word, string suffix) => word[..^suffix.Length];

    /// <summary>nltk _apply_rule_list: the first rule whose suffix matches decides ("*d" = double consonant).</summary>
    private static string ApplyRules(string word, IReadOnlyList<Rule> rules)
    {
        foreach (var rule in rules)
        {
            if (rule.Suffix == "*d")
            {
                if (!EndsDoubleConsonant(word))
                {
                    continue;
                }
                var doubled = word[..^2];
                return rule.When is null || rule.When(doubled) ? doubled + rule.Replacement : word;
            }
            if (word.EndsWith(rule.Suffix, StringComparison.Ordinal))
            {
                var stem = Chop(word, rule.Suffix);
                return rule.When is null || rule.When(stem) ? stem + rule.Replacement : word;
            }
        }
        return word;
    }

    private static readonly Rule[] Step1aRules =
    [
        new("sses", "ss", null), new("ies", "i", null), new("ss", "ss", null), new("s", "", null),
    ];

    private static string Step1a(string word)
    {
        // NLTK: 'ties' -> 'tie' (four letters), while 'flies' -> 'fli'
        if (word.EndsWith("ies", StringComparison.Ordinal) && word.Length == 4)
        {
            return Chop(word, "ies") + "ie";
        }
        return ApplyRules(word, Step1aRules);
    }

    private static string Step1b(string word)
    {
        // NLTK: 'died' -> 'die', 'spied' -> 'spi'
        if (word.EndsWith("ied", StringComparison.Ordinal))
        {
            return Chop(word, "ied") + (word.Length == 4 ? "ie" : "i");
        }
        if (word.EndsWith("eed", StringComparison.Ordinal))
        {
            var stem = Chop(word, "eed");
            return Measure(stem) > 0 ? stem + "ee" : word;
        }
        string? intermediate = null;
        foreach (var suffix in (string[])["ed", "ing"])
        {
            if (word.EndsWith(suffix, StringComparison.Ordinal) && ContainsVowel(Chop(word, suffix)))
            {
                intermediate = Chop(word, suffix);
                break;
            }
        }
        if (intermediate is null)
        {
            return word;
        }
        // intermediate is non-empty: it contains a vowel
        var last = intermediate[^1];
        return ApplyRules(intermediate,
        [
            new("at", "ate", null),
            new("bl", "ble", null),
            new("iz", "ize", null),
            new("*d", last.ToString(), _ => last is not ('l' or 's' or 'z')),
            new("", "e", stem => Measure(stem) == 1 && EndsCvc(stem)),
        ]);
    }

    private static string Step1c(string word) =>
        // NLTK: y -> i only after a consonant that is not the whole stem ('happy' -> 'happi', 'enjoy', 'by' stay)
        ApplyRules(word, [new("y", "i", stem => stem.Length > 1 && IsConsonant(stem, stem.Length - 1))]);

    private static readonly Condition M0 = HasPositiveMeasure;
    private static readonly Condition M1 = stem => Measure(stem) > 1;

    // the NLTK list; its last rule, logi -> log, needs the whole word and is applied in Step2 itself
    private static readonly Rule[] Step2Rules =
    [
        new("ational", "ate", M0), new("tional", "tion", M0), new("enci", "ence", M0),
        new("anci", "ance", M0), new("izer", "ize", M0), new("bli", "ble", M0), new("alli", "al", M0),
        new("entli", "ent", M0), new("eli", "e", M0), new("ousli", "ous", M0), new("ization", "ize", M0),
        new("ation", "ate", M0), new("ator", "ate", M0), new("alism", "al", M0), new("iveness", "ive", M0),
        new("fulness", "ful", M0), new("ousness", "ous", M0), new("aliti", "al", M0), new("iviti", "ive", M0),
        new("biliti", "ble", M0), new("fulli", "ful", M0),
    ];

    private static readonly Rule[] Step3Rules =
    [
        new("icate", "ic", M0), new("ative", "", M0), new("alize", "al", M0), new("iciti", "ic", M0),
        new("ical", "ic", M0), new("ful", "", M0), new("ness", "", M0),
    ];

    private static readonly Rule[] Step4Rules =
    [
        new("al", "", M1), new("ance", "", M1), new("ence", "", M1), new("er", "", M1), new("ic", "", M1),
        new("able", "", M1), new("ible", "", M1), new("ant", "", M1), new("ement", "", M1),
        new("ment", "", M1), new("ent", "", M1),
        new("ion", "", stem => Measure(stem) > 1 && stem.Length > 0 && stem[^1] is 's' or 't'),
        new("ou", "", M1), new("ism", "", M1), new("ate", "", M1), new("iti", "", M1), new("ous", "", M1),
        new("ive", "", M1), new("ize", "", M1),
    ];

    private static string Step2(string word)
    {
        // NLTK applies ALLI -> AL first and, if it fires, runs step 2 again on the result.
        if (word.EndsWith("alli", StringComparison.Ordinal) && HasPositiveMeasure(Chop(word, "alli")))
        {
            return Step2(Chop(word, "alli") + "al");
        }
        if (Step2Rules.Any(rule => word.EndsWith(rule.Suffix, StringComparison.Ordinal)))
        {
            return ApplyRules(word, Step2Rules);
        }
        // logi -> log; the 'l' stays with the stem for the measure: 'geologi' tests 'geol'
        if (word.EndsWith("logi", StringComparison.Ordinal))
        {
            return HasPositiveMeasure(word[..^3]) ? Chop(word, "logi") + "log" : word;
        }
        return word;
    }

    private static string Step3(string word) => ApplyRules(word, Step3Rules);

    private static string Step4(string word) => ApplyRules(word, Step4Rules);

    private static string Step5a(string word)
    {
        // both E rules are tried (not a first-match rule list)
        if (word.EndsWith('e'))
        {
            var stem = word[..^1];
            var m = Measure(stem);
            if (m > 1 || (m == 1 && !EndsCvc(stem)))
            {
                return stem;
            }
        }
        return word;
    }

    private static string Step5b(string word) =>
        ApplyRules(word, [new("ll", "l", _ => Measure(word[..^1]) > 1)]);
}
