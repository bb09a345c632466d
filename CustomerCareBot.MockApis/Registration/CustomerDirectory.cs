using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using CustomerCareBot.MockApis.Orders;

namespace CustomerCareBot.MockApis.Registration;

/// <summary>What the mocks know about one phone number, derived deterministically from SHA-256(UTF-8 phone).</summary>
internal sealed class CustomerProfile
{
    private static readonly string[] FirstNames =
        ["Alex", "Sam", "Jordan", "Taylor", "Morgan", "Casey", "Riley", "Jamie", "Avery", "Quinn", "Robin", "Drew", "Charlie", "Skyler", "Harper", "Rowan"];

    private static readonly string[] LastNames =
        ["Smith", "Garcia", "Nguyen", "Müller", "Rossi", "Kowalski", "Dubois", "Silva", "Novak", "Jensen", "Okafor", "Tanaka", "Larsen", "Costa", "Moreau", "Fischer"];

    private static readonly string[] Tiers = ["bronze", "silver", "gold"];

    private static readonly string[] OrderStatuses = ["pending", "shipped", "delivered", "cancelled"];

    private CustomerProfile(RegistrationResponse? registration, OrdersResponse orders)
    {
        Registration = registration;
        Orders = orders;
    }

    /// <summary><see langword="null"/> when the number is not registered (it ends in 0).</summary>
    public RegistrationResponse? Registration { get; }

    /// <summary>0-4 orders; none for an unregistered number.</summary>
    public OrdersResponse Orders { get; }

    public static CustomerProfile Create(string phone)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        HashPhone(phone, hash);

        var registered = !phone.EndsWith('0');
        var customerId = "cus_" + Convert.ToHexStringLower(hash[..4]);
        RegistrationResponse? registration = registered
            ? new RegistrationResponse(
                Registered: true,
                CustomerId: customerId,
                PhoneNumber: phone,
                Name: FirstNames[hash[5] % FirstNames.Length] + " " + LastNames[hash[6] % LastNames.Length],
                Tier: Tiers[hash[4] % Tiers.Length])
            : null;

        // Bytes 8..31 give up to four orders, six bytes each: three for the id, one for the status, two for the total.
        var count = registered ? hash[7] % 5 : 0;
        var orders = new OrderSummary[count];
        for (var i = 0; i < count; i++)
        {
            var b = hash.Slice(8 + (i * 6), 6);
            var cents = (((b[4] << 8) | b[5]) % 50_000) + 500;
            orders[i] = new OrderSummary(
                OrderId: "ord_" + Convert.ToHexStringLower(hash[..2]) + Convert.ToHexStringLower(b[..3]),
                Status: OrderStatuses[b[3] % OrderStatuses.Length],
                Total: new decimal(cents, 0, 0, isNegative: false, scale: 2));
        }

        return new CustomerProfile(registration, new OrdersResponse(phone, orders));
    }

    private static void HashPhone(string phone, Span<byte> hash)
    {
        var maxBytes = Encoding.UTF8.GetMaxByteCount(phone.Length);
        byte[]? rented = null;
        var utf8 = maxBytes <= 256 ? stackalloc byte[256] : (rented = ArrayPool<byte>.Shared.Rent(maxBytes));
        try
        {
            var length = Encoding.UTF8.GetBytes(phone, utf8);
            SHA256.HashData(utf8[..length], hash);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}

/// <summary>Hands out <see cref="CustomerProfile"/>s, caching a bounded number of them (the responses are immutable).</summary>
internal sealed class CustomerDirectory
{
    private const int MaxCached = 50_000;
    private const int MaxCachedPhoneLength = 32;

    private readonly ConcurrentDictionary<string, CustomerProfile> _cache = new(StringComparer.Ordinal);
    private int _cached;

    public CustomerProfile Get(string phone)
    {
        if (_cache.TryGetValue(phone, out var profile))
        {
            return profile;
        }

        profile = CustomerProfile.Create(phone);
        if (phone.Length <= MaxCachedPhoneLength && Volatile.Read(ref _cached) < MaxCached && _cache.TryAdd(phone, profile))
        {
            Interlocked.Increment(ref _cached);
        }

        return profile;
    }
}
