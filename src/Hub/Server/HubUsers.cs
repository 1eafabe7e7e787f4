using System.Security.Cryptography;
using System.Text;
using HfTrain.Hub.Protocol;

namespace HfTrain.Hub.Server;

/// <summary>A user known by a token, and the organizations it belongs to.</summary>
internal sealed record HubUser(string Name, IReadOnlyList<string> Organizations)
{
    /// <summary>True when the user may write under <paramref name="ns"/>: its own name or one of its organizations.</summary>
    public bool Owns(string? ns) =>
        ns is not null && (string.Equals(ns, Name, StringComparison.OrdinalIgnoreCase)
            || Organizations.Any(o => string.Equals(o, ns, StringComparison.OrdinalIgnoreCase)));
}

/// <summary>The tokens of <c>--token NAME=TOKEN</c>: finds a request's user, in constant time per token.</summary>
internal sealed class HubUsers
{
    readonly List<(byte[] Token, HubUser User)> _tokens = [];

    public HubUsers(IReadOnlyDictionary<string, string> tokens, IReadOnlyDictionary<string, IReadOnlyList<string>> organizations)
    {
        foreach (var (org, members) in organizations)
        {
            RepoId.Parse(org);   // a namespace: the same rules as a repo name
            if (tokens.ContainsKey(org))
                throw new ArgumentException($"'{org}' is both a user (--token) and an organization (--org).");
            _ = members;
        }
        foreach (var (name, token) in tokens)
        {
            if (!RepoId.TryParse(name, RepoType.Model, out RepoId? id) || id.Namespace is not null)
                throw new ArgumentException($"'{name}' cannot be a user name: use letters, digits, '-', '_' and '.'.");
            if (token.Length < 8)
                throw new ArgumentException($"the token of user '{name}' is shorter than 8 characters.");
            if (token.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
                throw new ArgumentException($"the token of user '{name}' contains a space or a control character.");
            var orgs = organizations.Where(o => o.Value.Contains(name, StringComparer.OrdinalIgnoreCase)).Select(o => o.Key)
                .Order(StringComparer.Ordinal).ToList();
            _tokens.Add((Encoding.UTF8.GetBytes(token), new HubUser(name, orgs)));
        }
        if (_tokens.Select(t => Convert.ToHexString(SHA256.HashData(t.Token))).Distinct().Count() != _tokens.Count)
            throw new ArgumentException("two users have the same token.");
    }

    public int Count => _tokens.Count;

    /// <summary>The user of <paramref name="token"/>, or null. Every token is compared, in constant time.</summary>
    public HubUser? Find(string token)
    {
        byte[] given = Encoding.UTF8.GetBytes(token);
        HubUser? found = null;
        foreach (var (known, user) in _tokens)
        {
            if (known.Length == given.Length && CryptographicOperations.FixedTimeEquals(known, given))
                found = user;
        }
        return found;
    }
}
