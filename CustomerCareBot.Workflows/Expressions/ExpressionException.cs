namespace CustomerCareBot.Workflows;

/// <summary>An expression failed at run time (threw, or hit a sandbox limit).</summary>
public sealed class ExpressionException : Exception
{
    public ExpressionException(string message) : base(message) { }

    public ExpressionException(string message, Exception innerException) : base(message, innerException) { }

    public ExpressionException() { }
}
