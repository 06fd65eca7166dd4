using System.Data;
using System.Data.Common;
using HealthCard.App.Common;
using HealthCard.App.Features.Usage;
using HealthCard.App.Network;
using HealthCard.App.Persistence;
using HealthCard.App.Security;
using HealthCard.Domain.Common;
using HealthCard.Domain.Cards;
using HealthCard.Domain.Products;
using HealthCard.Domain.SecurityModules;
using HealthCard.Domain.Terminals;

namespace HealthCard.App.Features.Checks;

public sealed record CheckRequest(string? CardNumber, string? CardSerial, string? ChipSerial, string? SamSerial, string? TerminalSerial,
    string? Operation, IReadOnlyList<string>? Items = null);

/// <summary>The check's answer: <c>0000</c> or the refusal code, with its message in Chinese and English.</summary>
public sealed record CheckResult(string Code, string Message, string MessageEn)
{
    public bool Allowed => Code == CheckCodes.Allowed;
}

/// <summary>
/// The online check a terminal runs before every card read or write (standard §8). It reads the terminal, its SAM and
/// the card in one round trip on a prepared statement, decides in a fixed order (parameters, terminal, SAM, the pair,
/// the card) and records the check as a card-use event before answering. Singleton.
/// </summary>
public sealed class OnlineCheck(DatabaseSettings database, PersonalDataProtector protector, UsageRecorder recorder, CardDirectory directory,
    TimeProvider clock) : IDisposable
{
    private const int TerminalRow = 1;
    private const int SamRow = 2;
    private const int CardRow = 3;

    // One row per thing found. Columns: kind, status, then per kind: terminal (region, institution, institution status),
    // SAM (bound terminal, type), card (chip serial, product status).
    private readonly PreparedStatementPool _lookup = new(database, """
        SELECT 1, t."Status", t."RegionCode", t."InstitutionCode", i."Status", 0 FROM "Terminals" t
            JOIN "Institutions" i ON i."Code" = t."InstitutionCode" WHERE t."Serial" = @terminal
        UNION ALL
        SELECT 2, s."Status", s."TerminalSerial", NULL, NULL, s."Type" FROM "Sams" s WHERE s."Serial" = @sam
        UNION ALL
        SELECT 3, c."Status", c."ChipSerial", NULL, p."Status", 0 FROM "Cards" c
            JOIN "Residents" r ON r."Id" = c."ResidentId" LEFT JOIN "Products" p ON p."Id" = c."ProductId"
            WHERE r."IdNumberIndex" = @card AND c."Serial" = @serial
        """, ("@terminal", DbType.String), ("@sam", DbType.String), ("@card", DbType.Binary), ("@serial", DbType.String));

    /// <summary>
    /// The check's answer, or <c>auth.*</c> when the caller may not run checks at all: it needs <c>checks:write</c> and a key
    /// bound to an institution (<see cref="InstitutionClients"/>), and a terminal of another institution is unknown to it (6005).
    /// </summary>
    public async Task<Result<CheckResult>> ExecuteAsync(Caller caller, CheckRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        if (InstitutionClients.Require(caller, Capabilities.ChecksWrite) is { } denied)
        {
            return denied;
        }
        var cardIndex = request.CardNumber is { Length: > 0 and <= 18 } number ? protector.IdNumberIndex(number) : [];
        var found = Parameters(request) is { } refused
            ? new Found(refused)
            : await _lookup.QueryAsync([request.TerminalSerial, request.SamSerial, cardIndex, request.CardSerial], Read, cancellationToken);
        // A card owned by another node is answered from the national directory (issue 16 §5); its product and chip are its owner's to check.
        if (found is { Refusal: null, Card: null } && await directory.FindAsync(cardIndex, request.CardSerial!, cancellationToken) is { } elsewhere)
        {
            found = found with { Card = new CardRowData(elsewhere.Status, null, null) };
        }
        var code = found.Refusal ?? Decide(caller, request, found);
        var write = request.Operation == "write";
        var now = clock.GetUtcNow();
        await recorder.RecordAsync(new UsageEvent
        {
            Id = Guid.CreateVersion7(now),
            OccurredAt = now,
            CardNumberIndex = cardIndex,
            CardSerial = Clip(request.CardSerial, 10),
            // The caller's own institution, whatever the request names: the event is attributed to who sent it.
            InstitutionCode = caller.InstitutionCode,
            TerminalSerial = Clip(request.TerminalSerial, 32),
            SamSerial = Clip(request.SamSerial, 10),
            Kind = write ? "write" : "read",
            ResultCode = code,
            Source = caller.Actor,
            RecordedAt = now,
        }, cancellationToken);
        var message = CheckCodes.Messages[code];
        return new CheckResult(code, message.Zh, message.En);
    }

    public void Dispose() => _lookup.Dispose();

    /// <summary>Missing or malformed parameters, in the standard's order of codes.</summary>
    private static string? Parameters(CheckRequest request) => request switch
    {
        { CardSerial: null or "" } => CheckCodes.MissingCardSerial,
        { CardNumber: null or "" } => CheckCodes.BadQuery,
        { CardNumber.Length: > 18 } => CheckCodes.BadQuery,
        { SamSerial: null or "" } => CheckCodes.MissingSam,
        { TerminalSerial: null or "" } => CheckCodes.MissingTerminal,
        { Operation: not ("read" or "write") } => CheckCodes.BadParameters,
        { CardSerial.Length: > 10 } or { SamSerial.Length: > 10 } or { TerminalSerial.Length: > 32 } or { ChipSerial.Length: > 32 } => CheckCodes.BadParameters,
        _ => null,
    };

    private static string Decide(Caller caller, CheckRequest request, Found found)
    {
        // A terminal outside the caller's region is unknown to it, as every region-scoped record is (ADR 003); so is a terminal
        // of another institution: an institution client checks on its own terminals only.
        if (found.Terminal is not { } terminal || !caller.Covers(terminal.RegionCode) || terminal.InstitutionCode != caller.InstitutionCode)
        {
            return CheckCodes.TerminalNotFound;
        }
        var terminalCode = terminal.Status switch
        {
            TerminalStatus.Frozen => CheckCodes.TerminalFrozen,
            TerminalStatus.Cancelled => CheckCodes.TerminalCancelled,
            TerminalStatus.ReportedLost => CheckCodes.TerminalReportedLost,
            _ => terminal.InstitutionActive ? null : CheckCodes.InstitutionSuspended,
        };
        if (terminalCode is not null)
        {
            return terminalCode;
        }
        if (found.Sam is not { } sam)
        {
            return CheckCodes.SamNotFound;
        }
        var samCode = sam.Status switch
        {
            SamStatus.Frozen => CheckCodes.SamFrozen,
            SamStatus.Cancelled or SamStatus.Scrapped => CheckCodes.SamCancelled,
            SamStatus.ReportedLost => CheckCodes.SamReportedLost,
            SamStatus.Locked => CheckCodes.SamLocked,
            SamStatus.Active => null,
            _ => CheckCodes.SamNotInUse,
        };
        if (samCode is not null)
        {
            return samCode;
        }
        if (sam.TerminalSerial != request.TerminalSerial)
        {
            return CheckCodes.TerminalSamMismatch;
        }
        if (request.Operation == "write" && !MayWrite(sam.Type, request.Items))
        {
            return CheckCodes.SamMayNotWrite;
        }
        if (found.Card is not { } card)
        {
            return CheckCodes.CardNotFound;
        }
        return card.Status switch
        {
            CardStatus.Replaced => CheckCodes.CardSerialReplaced,
            CardStatus.Cancelled => CheckCodes.CardCancelled,
            CardStatus.ReportedLost => CheckCodes.CardReportedLost,
            CardStatus.Frozen => CheckCodes.CardFrozen,
            CardStatus.Pending or CardStatus.Produced or CardStatus.Distributed => CheckCodes.CardNotActive,
            _ when card.ProductStatus is { } product && product != ProductStatus.Approved => CheckCodes.CardProductNotApproved,
            _ when request.ChipSerial is { Length: > 0 } chip && card.ChipSerial is { } issued
                && !string.Equals(chip, issued, StringComparison.OrdinalIgnoreCase) => CheckCodes.ChipSerialMismatch,
            _ => CheckCodes.Allowed,
        };
    }

    /// <summary>
    /// Standard §7: type 1 SAMs only read and type 4 only unlock; type 3 writes everything except the management
    /// records of DF03 (items named <c>DF03…</c>). Types 2 and 5 write everything.
    /// </summary>
    private static bool MayWrite(int samType, IReadOnlyList<string>? items) => samType switch
    {
        2 or 5 => true,
        3 => items is null || !items.Any(i => i.StartsWith("DF03", StringComparison.OrdinalIgnoreCase)),
        _ => false,
    };

    private static Found Read(DbDataReader reader)
    {
        var found = new Found(null);
        while (reader.Read())
        {
            var status = reader.GetString(1);
            switch (reader.GetInt32(0))
            {
                case TerminalRow:
                    found = found with { Terminal = new TerminalRowData(Parse<TerminalStatus>(status), reader.GetString(2), reader.GetString(3),
                        reader.GetString(4) == "active") };
                    break;
                case SamRow:
                    found = found with { Sam = new SamRowData(Parse<SamStatus>(status), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetInt32(5)) };
                    break;
                case CardRow:
                    found = found with { Card = new CardRowData(Parse<CardStatus>(status), reader.IsDBNull(2) ? null : reader.GetString(2),
                        reader.IsDBNull(4) ? null : Parse<ProductStatus>(reader.GetString(4))) };
                    break;
            }
        }
        return found;
    }

    private static T Parse<T>(string name) where T : struct, Enum =>
        EnumNames.TryParse<T>(name, out var value) ? value : throw new InvalidOperationException($"Unknown {typeof(T).Name} '{name}' in the database.");

    private static string Clip(string? value, int length) => value is null ? "" : value.Length <= length ? value : value[..length];

    private sealed record Found(string? Refusal, TerminalRowData? Terminal = null, SamRowData? Sam = null, CardRowData? Card = null);

    private sealed record TerminalRowData(TerminalStatus Status, string RegionCode, string InstitutionCode, bool InstitutionActive);

    private sealed record SamRowData(SamStatus Status, string? TerminalSerial, int Type);

    private sealed record CardRowData(CardStatus Status, string? ChipSerial, ProductStatus? ProductStatus);
}
