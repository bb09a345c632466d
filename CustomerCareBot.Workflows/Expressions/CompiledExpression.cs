using Acornima.Ast;
using Jint;

namespace CustomerCareBot.Workflows;

/// <summary>
/// A JavaScript expression parsed once at load. Plain member paths such as <c>globals.event.message</c>
/// are resolved directly against the JSON scope, skipping the interpreter: they are most expressions.
/// </summary>
public sealed class CompiledExpression
{
    private CompiledExpression(string source, Prepared<Script> script, string[]? path, bool usesTrigger, bool usesGlobals)
    {
        TriggerMembers = usesTrigger ? MemberTree.Read(source, "trigger") : null;
        GlobalsMembers = usesGlobals ? MemberTree.Read(source, "globals") : null;
        Source = source;
        Script = script;
        Path = path;
        UsesTrigger = usesTrigger;
        UsesGlobals = usesGlobals;
    }

    /// <summary>The expression text as written in the definition.</summary>
    public string Source { get; }

    internal Prepared<Script> Script { get; }

    /// <summary>Non-null when the expression is a plain member path (root first).</summary>
    internal string[]? Path { get; }

    internal bool UsesTrigger { get; }

    internal bool UsesGlobals { get; }

    /// <summary>
    /// Members read as <c>trigger.x.y</c>; null when the object is used some other way (then all of it is copied into
    /// the engine).
    /// </summary>
    internal MemberTree? TriggerMembers { get; }

    /// <summary>Same as <see cref="TriggerMembers"/> for <c>globals</c>.</summary>
    internal MemberTree? GlobalsMembers { get; }

    /// <summary>Names an expression may read; everything else (secrets, CLR, I/O) is simply not there.</summary>
    public static IReadOnlyList<string> ScopeNames { get; } = ["trigger", "globals"];

    /// <summary>Parses <paramref name="source"/>; returns null and an error message on a syntax error.</summary>
    public static CompiledExpression? TryCompile(string source, out string? error)
    {
        error = null;
        var trimmed = source.Trim();
        if (trimmed.Length == 0)
        {
            error = "expression is empty";
            return null;
        }

        Prepared<Script> script;
        try
        {
            // Wrapped in a block so let/const stay local: pooled engines evaluate the same script many times.
            script = Engine.PrepareScript("{" + trimmed + "\n}", source: "expression", strict: true,
                options: new ScriptPreparationOptions { CollectReferencedGlobals = true });
        }
        catch (Exception ex) when (ex is JintException or Acornima.ParseErrorException)
        {
            error = $"syntax error in '{trimmed}': {ex.Message.Replace("Could not prepare script: ", "", StringComparison.Ordinal)}";
            return null;
        }

        var referenced = script.ReferencedGlobals;
        if (referenced is not null && referenced.Contains("secrets"))
        {
            error = $"'{trimmed}' uses 'secrets', which expressions cannot read; reference a secret as {{{{secret:name}}}} in an httpRequest header";
            return null;
        }

        var usesTrigger = referenced is null || referenced.Contains("trigger");
        var usesGlobals = referenced is null || referenced.Contains("globals");
        return new CompiledExpression(trimmed, script, TryParsePath(trimmed), usesTrigger, usesGlobals);
    }

    private static string[]? TryParsePath(string text)
    {
        var parts = text.Split('.');
        if (parts[0] is not ("trigger" or "globals"))
        {
            return null;
        }

        foreach (var part in parts)
        {
            if (part.Length == 0 || !(char.IsAsciiLetter(part[0]) || part[0] is '_' or '$'))
            {
                return null;
            }

            foreach (var c in part)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '$'))
                {
                    return null;
                }
            }
        }

        return parts;
    }

    public override string ToString() => Source;
}
