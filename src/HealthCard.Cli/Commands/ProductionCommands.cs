using System.CommandLine;
using System.Globalization;
using CsvHelper;
using HealthCard.App.Features.Cards;
using HealthCard.App.Features.Production;
using HealthCard.Crypto.Sm2;
using HealthCard.Domain.Cards;
using HealthCard.Domain.Common;
using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.Cli.Commands;

/// <summary>
/// <c>hcard production …</c>: production batches (制卡批次) through the same use cases as <c>/api/v1/production-batches</c>,
/// and <c>open</c>, the factory's side: decrypt and verify a production file. Exit codes: 0 done, 1 a return with refused
/// lines or a file that does not open, 2 refused or bad input.
/// </summary>
internal static class ProductionCommands
{
    public static Command Create()
    {
        var production = new Command("production", "Production batches: create, export, return, distribute, activate; open a file at the factory (制卡)");
        production.Subcommands.Add(CreateCommand());
        production.Subcommands.Add(ExportCommand());
        production.Subcommands.Add(ReturnCommand());
        production.Subcommands.Add(DistributeCommand());
        production.Subcommands.Add(ActivateCommand());
        production.Subcommands.Add(OpenCommand());
        return production;
    }

    private static Command CreateCommand()
    {
        var region = new Option<string>("--region") { Description = "The region (2, 4 or 6 digits)", Required = true };
        var bank = new Option<string>("--bank") { Description = "The bank's institution code (制卡单位, recipient of the file)", Required = true };
        var issuer = new Option<string>("--issuer-code") { Description = "发卡机构代码 written on the cards", Required = true };
        var source = new Option<string>("--source") { Description = "applications or population", DefaultValueFactory = _ => "applications" };
        var tag = new Option<string?>("--tag") { Description = "The population tag (poverty, ncms, …) for --source population" };
        var limit = new Option<int>("--limit") { Description = "At most this many cards", DefaultValueFactory = _ => CreateProductionBatch.MaxCards };
        var recipient = new Option<string>("--recipient-key") { Description = "The bank's SM2 public key, 128 hex (x‖y)", Required = true };
        var product = new Option<Guid?>("--product") { Description = "The filed user-card product" };
        var staff = new Option<string?>("--operator") { Description = "Who makes the batch" };
        var command = new Command("create", "Make a batch: pending cards for the eligible residents of a region") { region, bank, issuer, source, tag, limit, recipient, product, staff };
        command.SetAction((parse, cancellationToken) => KeyCommands.WithServicesAsync(async sp =>
        {
            var request = new ProductionBatchRequest(parse.GetValue(region), parse.GetValue(bank), parse.GetValue(issuer), parse.GetValue(source),
                parse.GetValue(tag), parse.GetValue(limit), parse.GetValue(recipient), parse.GetValue(product), parse.GetValue(staff));
            return Output.Result(await sp.GetRequiredService<CreateProductionBatch>().ExecuteAsync(CliHost.Operator, request, cancellationToken), b =>
            {
                Console.WriteLine($"batch {b.Id} {b.Number}: {b.Count} cards, recipient key {b.RecipientKeyFingerprint}");
                foreach (var item in b.Items ?? [])
                {
                    Console.WriteLine($"  {item.Serial} {item.ResidentId}");
                }
            });
        }, cancellationToken));
        return command;
    }

    private static Command ExportCommand()
    {
        var batch = new Argument<Guid>("batch-id");
        var output = new Option<FileInfo>("--out") { Description = "The production file to write", Required = true };
        var shares = KeyCommands.ShareOption();
        var command = new Command("export", "Write the batch's production file, signed by the platform and encrypted to the bank (needs --share)") { batch, output, shares };
        command.SetAction((parse, cancellationToken) => KeyCommands.WithKekAsync(parse.GetValue(shares), async sp =>
        {
            var result = await sp.GetRequiredService<ExportProductionBatch>().ExecuteAsync(CliHost.Operator, parse.GetValue(batch), cancellationToken);
            if (result.IsSuccess)
            {
                await File.WriteAllBytesAsync(parse.GetValue(output)!.FullName, result.Value.Content, cancellationToken);
            }
            return Output.Result(result, e => Console.WriteLine($"{parse.GetValue(output)!.Name}: {e.Count} cards for recipient key {e.RecipientKeyFingerprint}"));
        }, cancellationToken));
        return command;
    }

    private static Command ReturnCommand()
    {
        var batch = new Argument<Guid>("batch-id");
        var file = new Argument<FileInfo>("return-file") { Description = "CSV: serial,chipSerial,bankCardNumber,ok|failed,reason" };
        var staff = new Option<string?>("--operator") { Description = "制卡人员: who at the factory made the cards" };
        var command = new Command("return", "Apply the factory's return file; refused lines are listed and the exit code is 1") { batch, file, staff };
        command.SetAction((parse, cancellationToken) => KeyCommands.WithServicesAsync(async sp =>
        {
            await using var returned = File.OpenRead(parse.GetValue(file)!.FullName);
            var result = await sp.GetRequiredService<ApplyProductionReturn>().ExecuteAsync(CliHost.Operator, parse.GetValue(batch), returned, parse.GetValue(staff),
                cancellationToken);
            var exit = Output.Result(result, r =>
            {
                Console.WriteLine($"{r.Batch}: {r.Lines} lines, produced {r.Produced}, failed {r.Failed}, unchanged {r.Unchanged}, refused {r.Errors.Count}");
                foreach (var error in r.Errors)
                {
                    Console.WriteLine($"  line {error.Line} {error.Serial ?? "-"} {error.Code}: {error.Message} / {error.MessageEn}");
                }
            });
            return exit == 0 && result.Value.Errors.Count > 0 ? 1 : exit;
        }, cancellationToken));
        return command;
    }

    private static Command DistributeCommand()
    {
        var batch = new Argument<Guid>("batch-id");
        var point = new Option<string>("--issuing-point") { Description = "发放网点", Required = true };
        var staff = new Option<string?>("--operator") { Description = "Who delivers the cards" };
        var serials = new Option<string[]>("--serial") { Description = "Only these serials (repeat; default: every produced card of the batch)" };
        var command = new Command("distribute", "Deliver the batch's produced cards to an issuing point") { batch, point, staff, serials };
        command.SetAction((parse, cancellationToken) => KeyCommands.WithServicesAsync(async sp =>
            Output.Result(await sp.GetRequiredService<DistributeBatch>().ExecuteAsync(CliHost.Operator, parse.GetValue(batch),
                new DistributionRequest(parse.GetValue(point), parse.GetValue(staff), parse.GetValue(serials) is { Length: > 0 } s ? s : null), cancellationToken),
                d => Console.WriteLine($"{d.Batch}: {d.Serials.Count} cards to {d.IssuingPoint}: {string.Join(' ', d.Serials)}")), cancellationToken));
        return command;
    }

    private static Command ActivateCommand()
    {
        var cardNumber = new Argument<string>("card-number") { Description = "The holder's card number (ID number)" };
        var unit = new Option<string>("--unit") { Description = "发卡单位: the unit handing the card over", Required = true };
        var staff = new Option<string>("--operator") { Description = "发卡人员", Required = true };
        var command = new Command("activate", "Hand a card to its holder (发卡): distributed → active") { cardNumber, unit, staff };
        command.SetAction((parse, cancellationToken) => KeyCommands.WithServicesAsync(async sp =>
            Output.Result(await sp.GetRequiredService<ChangeCardStatus>().ExecuteAsync(CliHost.Operator, parse.GetValue(cardNumber)!, CardTrigger.Activate,
                new CardOperation(Operator: parse.GetValue(staff), Unit: parse.GetValue(unit)), cancellationToken),
                c => Console.WriteLine($"{c.Serial}: {EnumNames.Of(c.Status)}, issued by {c.Issuance?.Unit} ({c.Issuance?.Staff})")), cancellationToken));
        return command;
    }

    /// <summary>The factory's tool: it needs no database, only the file, its private key and the platform's public key.</summary>
    private static Command OpenCommand()
    {
        var file = new Argument<FileInfo>("file") { Description = "A production file from `production export`" };
        var key = new Option<FileInfo>("--key") { Description = "The recipient's private key file: 64 hex (as `crypto sm2 keygen` prints)", Required = true };
        var platformKey = new Option<string>("--platform-key") { Description = "The platform signing key, 128 hex (x‖y), provisioned out of band", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "The CSV of cards to write", Required = true };
        var command = new Command("open", "Decrypt and verify a production file; write its cards as CSV (a return file starts from it)") { file, key, platformKey, output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var hex = (await File.ReadAllTextAsync(parse.GetValue(key)!.FullName, cancellationToken)).Trim();
                using var recipient = Sm2PrivateKey.Import(Output.Hex(hex.StartsWith("private:", StringComparison.Ordinal) ? hex[8..].Trim() : hex, "--key"));
                var opened = ProductionFile.Open(await File.ReadAllBytesAsync(parse.GetValue(file)!.FullName, cancellationToken), recipient,
                    Output.Hex(parse.GetValue(platformKey), "--platform-key"));
                if (!opened.IsSuccess)
                {
                    Output.Result(opened, _ => { });
                    return 1;
                }
                var contents = opened.Value;
                await using (var writer = new StreamWriter(parse.GetValue(output)!.FullName))
                await using (var csv = new CsvWriter(writer, CultureInfo.InvariantCulture))
                {
                    csv.WriteRecords(contents.Manifest.Cards.Select(c => new
                    {
                        c.Serial, c.CardNumber, c.Holder.Identity.Name, Gender = Convert.ToHexString(c.Holder.Identity.Gender.Span), c.Holder.Identity.Ethnicity,
                        c.Holder.Identity.BirthDate, c.Holder.Documents.IdType, IdNumber = c.Holder.Documents.IdNumber, c.IssuerCode, c.CityCode,
                        IssueDate = c.IssueDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture), ExpiryDate = c.ExpiryDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
                    }));
                }
                Console.WriteLine($"valid: batch {contents.Header.Batch}, {contents.Header.Count} cards, region {contents.Header.Region}, bank {contents.Header.Bank}, " +
                    $"signed by {contents.PlatformKeyId} v{contents.PlatformKeyVersion}");
                return 0;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
        });
        return command;
    }
}
