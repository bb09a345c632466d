using CustomerCareBot.Runs;
using StackExchange.Redis;

namespace CustomerCareBot.Api.Security;

/// <summary>
/// Remembers every accepted signed payload in Redis (<c>SET NX</c> with a TTL reaching past the end of its replay
/// window), so a second delivery of the same signed request is refused by whichever Api replica receives it.
/// </summary>
internal sealed class ReplayGuard(IConnectionMultiplexer redis)
{
    /// <summary>True the first time <paramref name="payloadDigest"/> is seen; false when it was already used.</summary>
    public Task<bool> TryRecordAsync(byte[] payloadDigest, TimeSpan timeToLive) =>
        redis.GetDatabase().StringSetAsync(RedisKeys.Signature(Convert.ToHexStringLower(payloadDigest)), "1", timeToLive, When.NotExists);
}
