namespace CustomerCareBot.Tests.Security;

/// <summary>Fast checks of the signing recipe itself (no stack): the same bytes as the openssl line in docs/security.md.</summary>
public sealed class WebhookSignerTests
{
    [Fact]
    public void Signature_matches_the_openssl_recipe()
    {
        // printf '%s' '1700000000.{"a":1}' | openssl dgst -sha256 -hmac 'test-secret-0123456789'
        Assert.Equal("6e873f59dc6002f6de5f578e9bf3f90a7906473a2924651d6f4cc33d61aff598",
            WebhookSigner.Signature("test-secret-0123456789", 1700000000, """{"a":1}"""));
    }

    [Fact]
    public void Header_carries_the_timestamp_and_one_v1_per_secret()
    {
        var header = WebhookSigner.Sign("{}", 42, "secret-one-0123456789", "secret-two-0123456789");

        var parts = header.Split(',');
        Assert.Equal("t=42", parts[0]);
        Assert.Equal(["v1", "v1"], parts.Skip(1).Select(p => p.Split('=')[0]));
        Assert.Equal(WebhookSigner.Signature("secret-two-0123456789", 42, "{}"), parts[2]["v1=".Length..]);
        Assert.NotEqual(parts[1], parts[2]);
    }

    [Fact]
    public void Any_change_of_body_or_timestamp_changes_the_signature()
    {
        const string secret = "test-secret-0123456789";
        var original = WebhookSigner.Signature(secret, 1700000000, """{"a":1}""");

        Assert.NotEqual(original, WebhookSigner.Signature(secret, 1700000000, """{"a":2}"""));
        Assert.NotEqual(original, WebhookSigner.Signature(secret, 1700000001, """{"a":1}"""));
        Assert.NotEqual(original, WebhookSigner.Signature(secret + "x", 1700000000, """{"a":1}"""));
    }
}
