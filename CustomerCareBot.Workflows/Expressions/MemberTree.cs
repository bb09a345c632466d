using System.Text.RegularExpressions;

namespace CustomerCareBot.Workflows;

/// <summary>
/// What an expression reads below a root (<c>trigger</c> or <c>globals</c>) by plain <c>.name</c> access: for
/// <c>globals.decision.action === 'x'</c> only <c>decision.action</c>. A member without a subtree is used whole
/// (indexed, called on, passed on). Copying only these into the engine keeps an evaluation's cost independent of
/// how big the run's data is; values that are not JSON objects are always copied whole, so arrays and strings
/// keep their JavaScript members.
/// </summary>
internal sealed class MemberTree
{
    private readonly Dictionary<string, MemberTree?> _children = new(StringComparer.Ordinal);

    private MemberTree()
    {
    }

    /// <summary>Members in the order first read; a null subtree means the member's whole value.</summary>
    public KeyValuePair<string, MemberTree?>[] Members { get; private set; } = [];

    /// <summary>The tree under <paramref name="root"/>, or null when the root itself is used whole.</summary>
    public static MemberTree? Read(string source, string root)
    {
        var uses = Regex.Count(source, $@"(?<![\w$.]){root}(?![\w$])");
        var chains = Regex.Matches(source, $@"(?<![\w$.]){root}((?:\s*\.\s*[A-Za-z_$][\w$]*)+)(\s*\()?");
        if (uses != chains.Count)
        {
            return null;
        }

        var tree = new MemberTree();
        foreach (Match chain in chains)
        {
            var names = chain.Groups[1].Value.Split('.', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            // A method call needs its receiver whole: `globals.a.has('x')` reads all of `a`.
            var read = chain.Groups[2].Success ? names[..^1] : names;
            if (read.Length == 0)
            {
                return null;
            }

            tree.Add(read, 0);
        }

        tree.Freeze();
        return tree;
    }

    private void Add(string[] names, int depth)
    {
        var name = names[depth];
        if (_children.TryGetValue(name, out var child) && child is null)
        {
            return;
        }

        if (depth == names.Length - 1)
        {
            _children[name] = null;
            return;
        }

        if (child is null)
        {
            child = new MemberTree();
            _children[name] = child;
        }

        child.Add(names, depth + 1);
    }

    private void Freeze()
    {
        Members = [.. _children];
        foreach (var child in _children.Values)
        {
            child?.Freeze();
        }
    }
}
