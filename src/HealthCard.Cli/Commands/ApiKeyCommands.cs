using System.CommandLine;
using HealthCard.App.Common;
using HealthCard.App.Features.ApiKeys;
using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.Cli.Commands;

/// <summary>
/// <c>hcard apikey create --name N --region R --scopes registry:read registry:write ... [--institution CODE]</c>: with
/// <c>--institution</c>, a key for that institution's systems, whose online checks and card-use events are bound to it.
/// </summary>
internal static class ApiKeyCommands
{
    public static Command Create()
    {
        var name = new Option<string>("--name") { Description = "A unique name, such as the client system's name", Required = true };
        var region = new Option<string>("--region") { Description = "GB/T 2260 prefix (13, 1301, 130105); omit for national", DefaultValueFactory = _ => "" };
        var scopes = new Option<string[]>("--scopes")
        {
            Description = $"Scopes: {string.Join(", ", Scope.All)}",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var institution = new Option<string?>("--institution")
        {
            Description = "The institution (统一社会信用代码) whose systems use the key: checks and card-use events are bound to it and its terminals",
        };
        var create = new Command("create", "Create an API key and print its secret (shown only once)") { name, region, scopes, institution };
        create.SetAction(async (parse, cancellationToken) =>
        {
            await using var services = await CliHost.StartAsync(cancellationToken);
            await using var scope = services.CreateAsyncScope();
            var requested = parse.GetValue(scopes)!.SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
            var result = await scope.ServiceProvider.GetRequiredService<CreateApiKey>()
                .ExecuteAsync(CliHost.Operator, parse.GetValue(name)!, parse.GetValue(region) ?? "", requested, secret: null,
                    parse.GetValue(institution), cancellationToken);
            return Output.Result(result, key =>
            {
                Console.WriteLine($"name:   {key.Name}");
                Console.WriteLine($"region: {Output.Region(key.RegionScope)}");
                Console.WriteLine($"scopes: {string.Join(' ', key.Scopes)}");
                if (key.InstitutionCode is { } bound)
                {
                    Console.WriteLine($"institution: {bound}");
                }
                Console.WriteLine($"key:    {key.Secret}");
                Console.Error.WriteLine("Store the key now: only its hash is kept.");
            });
        });
        return new Command("apikey", "API keys for machine clients") { create };
    }
}
