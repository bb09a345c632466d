namespace CustomerCareBot.Workflows;

/// <summary>Sandbox limits applied to every expression evaluation (bound from <c>Workflows:ExpressionLimits</c>).</summary>
public sealed class ExpressionLimits
{
    /// <summary>Wall-clock budget of one evaluation.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Statements one evaluation may execute; stops <c>while(true){}</c> long before the timeout.</summary>
    public int MaxStatements { get; set; } = 10_000;

    /// <summary>Maximum JavaScript call depth.</summary>
    public int MaxRecursionDepth { get; set; } = 64;

    /// <summary>Bytes one evaluation may allocate.</summary>
    public long MaxMemoryBytes { get; set; } = 4 * 1024 * 1024;
}
