using System.Text;
using System.Text.Json;

namespace CustomerCareBot.LoadTest.Core;

/// <summary>The final statuses the customer-care workflow ends in.</summary>
public static class FinalStatuses
{
    public const string RoutedToRefunds = "routed_to_refunds";
    public const string OrderStatusReturned = "order_status_returned";
    public const string AutoResponded = "auto_responded";

    /// <summary>The contract: refund/return -> refunds; status / "where is my order" -> order status; else auto.</summary>
    public static string ExpectedFor(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Contains("refund", StringComparison.OrdinalIgnoreCase) || message.Contains("return", StringComparison.OrdinalIgnoreCase))
        {
            return RoutedToRefunds;
        }

        if (message.Contains("status", StringComparison.OrdinalIgnoreCase) || message.Contains("where is my order", StringComparison.OrdinalIgnoreCase))
        {
            return OrderStatusReturned;
        }

        return AutoResponded;
    }
}

/// <summary>One pre-serialized webhook body and the final status its message should end in.</summary>
public sealed record Payload(int Index, string CustomerId, string Phone, string Message, string ExpectedFinalStatus, byte[] Body);

/// <summary>
/// A fixed pool of webhook bodies serialized once up front, so the send path only wraps a shared byte array.
/// The messages cycle through the three routes of the workflow.
/// </summary>
public sealed class PayloadSet
{
    public static readonly IReadOnlyList<string> DefaultMessages =
    [
        "I want a refund for my last order",
        "Where is my order? It has been a week",
        "Hi, do you deliver on Sundays?",
        "Please return this broken kettle and give my money back",
        "What is the status of order 1042?",
        "Thanks for the quick help yesterday",
    ];

    private readonly Payload[] payloads;

    public PayloadSet(int customers = 300, IReadOnlyList<string>? messages = null)
    {
        var texts = messages ?? DefaultMessages;
        if (texts.Count == 0)
        {
            throw new ArgumentException("At least one message is needed.", nameof(messages));
        }

        customers = Math.Max(customers, texts.Count);
        payloads = new Payload[customers];
        for (var i = 0; i < customers; i++)
        {
            var customerId = $"lt-{i:D5}";
            var phone = $"+92300{i % 10_000_000:D7}";
            var message = texts[i % texts.Count];
            payloads[i] = new Payload(i, customerId, phone, message, FinalStatuses.ExpectedFor(message), Serialize(customerId, phone, message));
        }
    }

    public int Count => payloads.Length;

    public Payload this[long sequence] => payloads[(int)(sequence % payloads.Length)];

    public static byte[] Serialize(string customerId, string phone, string message)
    {
        using var stream = new MemoryStream(160);
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("customer_id", customerId);
            writer.WriteString("customer_phone_number", phone);
            writer.WriteStartObject("event");
            writer.WriteString("message", message);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    public override string ToString() => $"{payloads.Length} bodies, e.g. {Encoding.UTF8.GetString(payloads[0].Body)}";
}
