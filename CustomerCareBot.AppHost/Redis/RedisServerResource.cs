namespace CustomerCareBot.AppHost.Redis;

/// <summary>
/// Redis run as the <c>redis-server</c> program rather than a container, for machines without a
/// container runtime. It exposes the same connection string shape as Aspire's Redis container
/// (<c>host:port,password=...</c>) so services cannot tell the modes apart.
/// </summary>
public sealed class RedisServerResource(string name, string workingDirectory, ParameterResource password)
    : ExecutableResource(name, "redis-server", workingDirectory), IResourceWithConnectionString
{
    internal const string EndpointName = "tcp";

    public ParameterResource PasswordParameter { get; } = password;

    public EndpointReference PrimaryEndpoint => new(this, EndpointName);

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"{PrimaryEndpoint.Property(EndpointProperty.HostAndPort)},password={PasswordParameter}");
}
