using Microsoft.Extensions.Options;

namespace CustomerCareBot.Api.Security;

/// <summary>
/// Refuses to start with a protection switched on but nothing to check against. Messages name settings, never values.
/// </summary>
internal sealed class WebhookAuthOptionsValidator : IValidateOptions<WebhookAuthOptions>
{
    public const int MinSecretLength = 16;

    public ValidateOptionsResult Validate(string? name, WebhookAuthOptions options)
    {
        var errors = new List<string>();
        if (options.ReplayWindow < TimeSpan.FromSeconds(10) || options.ReplayWindow > TimeSpan.FromHours(1))
        {
            errors.Add("Webhooks:Auth:ReplayWindow must be between 00:00:10 and 01:00:00.");
        }

        var modes = new List<WebhookAuthMode> { options.Mode };
        foreach (var (workflowId, workflow) in options.Workflows)
        {
            if (workflow.Mode is { } mode)
            {
                modes.Add(mode);
            }
            else
            {
                errors.Add($"Webhooks:Auth:Workflows:{workflowId}:Mode must be none, hmac or apiKey.");
            }
        }

        if (modes.Contains(WebhookAuthMode.Hmac))
        {
            CheckList(options.Secrets, "Webhooks:Auth:Secrets", "hmac", errors);
        }

        if (modes.Contains(WebhookAuthMode.ApiKey))
        {
            CheckList(options.ApiKeys, "Webhooks:Auth:ApiKeys", "apiKey", errors);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    internal static void CheckList(List<string> values, string setting, string usedBy, List<string> errors)
    {
        if (values.Count == 0)
        {
            errors.Add($"{setting} needs at least one value because a webhook uses mode '{usedBy}'.");
        }

        for (var i = 0; i < values.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(values[i]) || values[i].Length < MinSecretLength)
            {
                errors.Add($"{setting}:{i} must be at least {MinSecretLength} characters.");
            }
        }
    }
}

internal sealed class OperatorOptionsValidator : IValidateOptions<OperatorOptions>
{
    public ValidateOptionsResult Validate(string? name, OperatorOptions options)
    {
        if (!options.RequireKey)
        {
            return ValidateOptionsResult.Success;
        }

        var errors = new List<string>();
        WebhookAuthOptionsValidator.CheckList(options.Keys, "Operator:Keys", "Operator:RequireKey=true", errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
