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

    private static string Step2(string word)
    {
        // NLTK applies ALLI -> AL first and, if it fires, runs step 2 again on the result.
        if (word.EndsWith("alli", StringComparison.Ordinal) && HasPositiveMeasure(Chop(word, "alli")))
        {
            return Step2(Chop(word, "alli") + "al");
        }
        Condition m0 = HasPositiveMeasure;
        return ApplyRules(word,
        [
            new("ational", "ate", m0), new("tional", "tion", m0), new("enci", "ence", m0),
            new("anci", "ance", m0), new("izer", "ize", m0), new("bli", "ble", m0), new("alli", "al", m0),
            new("entli", "ent", m0), new("eli", "e", m0), new("ousli", "ous", m0), new("ization", "ize", m0),
            new("ation", "ate", m0), new("ator", "ate", m0), new("alism", "al", m0), new("iveness", "ive", m0),
            new("fulness", "ful", m0), new("ousness", "ous", m0), new("aliti", "al", m0), new("iviti", "ive", m0),
            new("biliti", "ble", m0), new("fulli", "ful", m0),
            // the 'l' of 'logi' stays with the stem for the measure: 'geologi' tests 'geol'
            new("logi", "log", _ => HasPositiveMeasure(word[..^3])),
        ]);
    }

    private static string Step3(string word)
    {
        Condition m0 = HasPositiveMeasure;
        return ApplyRules(word,
        [
            new("icate", "ic", m0), new("ative", "", m0), new("alize", "al", m0), new("iciti", "ic", m0),
            new("ical", "ic", m0), new("ful", "", m0), new("ness", "", m0),
        ]);
    }

    private static string Step4(string word)
    {
        Condition m1 = stem => Measure(stem) > 1;
        return ApplyRules(word,
        [
            new("al", "", m1), new("ance", "", m1), new("ence", "", m1), new("er", "", m1), new("ic", "", m1),
            new("able", "", m1), new("ible", "", m1), new("ant", "", m1), new("ement", "", m1),
            new("ment", "", m1), new("ent", "", m1),
            new("ion", "", stem => Measure(stem) > 1 && stem.Length > 0 && stem[^1] is 's' or 't'),
            new("ou", "", m1), new("ism", "", m1), new("ate", "", m1), new("iti", "", m1), new("ous", "", m1),
            new("ive", "", m1), new("ize", "", m1),
        ]);
    }

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
