namespace CustomerCareBot.AppHost;

internal static class WorkflowServiceExtensions
{
    /// <summary>
    /// Points the workflows' logical services at MockApis through service discovery (<c>http://mockapis</c>);
    /// setting <c>Workflows__Services__registration</c> on the AppHost points them at real APIs instead.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithWorkflowServices(
        this IResourceBuilder<ProjectResource> project,
        IResourceBuilder<ProjectResource> mockapis,
        IResourceBuilder<ParameterResource> accessToken)
    {
        var configuration = project.ApplicationBuilder.Configuration;
        var mockUrl = $"http://{mockapis.Resource.Name}";
        return project
            .WithEnvironment("Workflows__Services__registration", configuration["Workflows:Services:registration"] ?? mockUrl)
            .WithEnvironment("Workflows__Services__orders", configuration["Workflows:Services:orders"] ?? mockUrl)
            .WithEnvironment("Workflows__Secrets__accessToken", accessToken);
    }
}
