using CustomerCareBot.MockApis.Chat;
using CustomerCareBot.MockApis.Faults;
using CustomerCareBot.MockApis.Registration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CustomerCareBot.MockApis;

internal static class MockApisServiceCollectionExtensions
{
    /// <summary>Registers options (validated at start), JSON metadata, fault state, call counters and the mock backends.</summary>
    public static WebApplicationBuilder AddMockApis(this WebApplicationBuilder builder)
    {
        var services = builder.Services;

        services.AddOptions<MockApisOptions>()
            .Bind(builder.Configuration.GetSection(MockApisOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<MockApisOptions>, MockApisOptionsValidator>();

        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, MockJsonContext.Default));
        services.AddProblemDetails();

        // Tests swap the clock to observe (and hold) the injected delays without sleeping.
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton<AccessGuard>();
        services.AddSingleton<FaultState>();
        services.AddSingleton<CallCounter>();
        services.AddSingleton<LatencyTimer>();
        services.AddSingleton<FaultInjector>();
        services.AddSingleton<CustomerDirectory>();
        services.AddSingleton<MockChatModel>();
        return builder;
    }
}
