using System.Globalization;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;
using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Features.Cards;
using HealthCard.App.Features.Institutions;
using HealthCard.App.Persistence;
using HealthCard.Domain.Cards;
using HealthCard.Domain.Common;
using HealthCard.Domain.Production;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Production;

/// <summary>A line the return could not apply: its number in the file, the serial it names, a stable code and the reason.</summary>
public sealed record ReturnLineError(int Line, string? Serial, string Code, string Message, string MessageEn);

/// <summary>
/// The outcome of a return file: cards now produced, cards failed (back in the queue), lines already applied by an earlier
/// run of the same file (<see cref="Unchanged"/>), and the lines refused.
/// </summary>
public sealed record ReturnReport(string Batch, int Lines, int Produced, int Failed, int Unchanged, IReadOnlyList<ReturnLineError> Errors);

/// <summary>
/// Applies the factory's return file (CSV: serial, chip serial, bank card number, outcome <c>ok</c>|<c>failed</c>,
/// reason; an optional header line starting with <c>serial</c>). Good lines apply, bad lines are reported one by one.
/// OK lines make the card produced (chip serial, encrypted bank card number, 制卡单位 = the batch's bank, the staff, the
/// time); failed lines cancel the card with reason <c>production_failed</c>, which returns its resident to the queue.
/// A line already applied is counted unchanged, so the same file applied twice changes nothing the second time.
/// </summary>
public sealed class ApplyProductionReturn(HealthCardDb db, AuditTrail audit, CardStore cards, TimeProvider clock)
{
    public const int MaxLines = 2 * CreateProductionBatch.MaxCards;

    /// <summary>A return file holds at most 2,000 lines of about 100 bytes; anything far larger is not one.</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>
    /// No file, or one larger than <see cref="MaxBytes"/>: <c>production_batch.invalid</c> on <c>file</c>, through every
    /// door (API body or form, console upload, <c>hcard production return</c>).
    /// </summary>
    public static ValidationFailed FileRefused
    {
        get
        {
            var errors = new FieldErrors();
            errors.Add("file", $"须提交 1 个不超过 {MaxBytes / 1024} KB 的回盘文件", $"Send one return file of at most {MaxBytes / 1024} KB");
            return errors.ToError("production_batch.invalid");
        }
    }

    /// <summary>
    /// The return file as sent (UTF-8), read here so that its cap is the same through every door: at most
    /// <see cref="MaxBytes"/> are read, and a longer file is refused (<see cref="FileRefused"/>) before anything else.
    /// </summary>
    public async Task<Result<ReturnReport>> ExecuteAsync(Caller caller, Guid id, Stream file, string? staff, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(file);
        if (caller.Authorize(Capabilities.ProductionWrite) is { } denied)
        {
            return denied;
        }
        var buffer = new byte[MaxBytes + 1];
        var read = 0;
        int last;
        while (read < buffer.Length && (last = await file.ReadAsync(buffer.AsMemory(read), cancellationToken)) > 0)
        {
            read += last;
        }
        if (read > MaxBytes)
        {
            return FileRefused;
        }
        using var text = new StreamReader(new MemoryStream(buffer, 0, read), System.Text.Encoding.UTF8);
        return await ExecuteAsync(caller, id, await text.ReadToEndAsync(cancellationToken), staff, cancellationToken);
    }

    public Task<Result<ReturnReport>> ExecuteAsync(Caller caller, Guid id, string csv, string? staff, CancellationToken cancellationToken)
    {
        if (caller.Authorize(Capabilities.ProductionWrite) is { } denied)
        {
            return Task.FromResult<Result<ReturnReport>>(denied);
        }
        ArgumentNullException.ThrowIfNull(csv);
        var scope = new AuditScope("production_batch.return", "production_batch") { TargetId = id.ToString(), OnConcurrencyConflict = ProductionErrors.VersionConflict }
            .OnUniqueViolation(HealthCardDb.ChipSerialIndex, CardErrors.ChipSerialTaken);
        return audit.RunAsync<ReturnReport>(caller, scope, async ct =>
        {
            if (staff is { Length: > 100 })
            {
                var invalid = new FieldErrors();
                invalid.Add("operator", "经办人最多 100 个字符", "operator has at most 100 characters");
                return invalid.ToError("production_batch.invalid");
            }
            var lines = Parse(csv);
            if (lines is null)
            {
                var invalid = new FieldErrors();
                invalid.Add("file", $"回盘文件应为 1–{MaxLines} 行 CSV", $"The return file is a CSV of 1–{MaxLines} lines");
                return invalid.ToError("production_batch.invalid");
            }
            var batch = await ProductionErrors.FindAsync(db, caller, id, scope, ct);
            if (batch is null)
            {
                return ProductionErrors.NotFound;
            }
            if (ProductionBatch.Lifecycle.Next(batch.Status, BatchTrigger.Return) is { IsSuccess: false } refused)
            {
                return refused.Error!;
            }
            var items = await db.ProductionBatchItems.Where(i => i.BatchId == id).ToDictionaryAsync(i => i.Serial, StringComparer.Ordinal, ct);
            var batchCards = await db.Cards.Where(c => db.ProductionBatchItems.Any(i => i.BatchId == id && i.CardId == c.Id)).ToDictionaryAsync(c => c.Id, ct);
            var named = lines.Select(l => l.Serial).Where(s => s.Length > 0 && !items.ContainsKey(s)).Distinct().ToList();
            var elsewhere = (await db.Cards.Where(c => named.Contains(c.Serial)).Select(c => c.Serial).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
            var chips = lines.Where(l => l.Outcome == "ok" && l.ChipSerial.Length > 0).Select(l => l.ChipSerial.ToUpperInvariant()).Distinct().ToList();
            var usedChips = (await db.Cards.Where(c => c.ChipSerial != null && chips.Contains(c.ChipSerial))
                .Select(c => new { c.ChipSerial, c.Serial }).ToListAsync(ct)).ToDictionary(c => c.ChipSerial!, c => c.Serial, StringComparer.Ordinal);

            var errors = new List<ReturnLineError>();
            var seenSerials = new HashSet<string>(StringComparer.Ordinal);
            var seenChips = new HashSet<string>(StringComparer.Ordinal);
            int produced = 0, failed = 0, unchanged = 0;
            var context = new TransitionContext(caller.Actor, caller.Channel, clock.GetUtcNow(), Operator: staff, Unit: batch.BankCode);
            foreach (var line in lines)
            {
                void Refuse(string code, string zh, string en) => errors.Add(new ReturnLineError(line.Number, line.Serial is "" ? null : line.Serial, code, zh, en));
                var chip = line.ChipSerial.ToUpperInvariant();
                if (line.Outcome is not ("ok" or "failed") || line.Serial.Length == 0)
                {
                    Refuse("malformed", "行格式应为：发卡序列号,芯片序列号,银行卡号,ok|failed,原因", "A line is: serial,chip serial,bank card number,ok|failed,reason");
                }
                else if (!seenSerials.Add(line.Serial))
                {
                    Refuse("serial_twice", "该发卡序列号在文件中出现多次", "The serial appears more than once in the file");
                }
                else if (!items.TryGetValue(line.Serial, out var item))
                {
                    if (elsewhere.Contains(line.Serial))
                    {
                        Refuse("not_in_batch", "该卡不属于本批次", "The card is not in this batch");
                    }
                    else
                    {
                        Refuse("unknown_serial", "未知的发卡序列号", "No card has this serial");
                    }
                }
                else if (line.Outcome == "ok" && !CardRules.IsValidChipSerial(line.ChipSerial))
                {
                    Refuse("bad_chip_serial", "芯片序列号应为 16–32 位十六进制字符", "The chip serial is 16–32 hex characters");
                }
                else if (line.Outcome == "ok" && line.BankCardNumber.Length > 0 && !CardRules.IsValidBankCardNumber(line.BankCardNumber))
                {
                    Refuse("bad_bank_card_number", "银行卡号应为 13–19 位数字且通过 Luhn 校验", "A bank card number has 13–19 digits and passes the Luhn check");
                }
                else if (line.Outcome == "ok" && !seenChips.Add(chip))
                {
                    Refuse("duplicate_chip_serial", "该芯片序列号在文件中出现多次", "The chip serial appears more than once in the file");
                }
                else if (line.Outcome == "ok" && usedChips.TryGetValue(chip, out var owner) && owner != line.Serial)
                {
                    Refuse("chip_serial_taken", $"该芯片序列号已被卡 {owner} 使用", $"The chip serial belongs to card {owner}");
                }
                else
                {
                    var card = batchCards[item.CardId];
                    switch (item.Status, line.Outcome)
                    {
                        case (BatchItemStatus.Produced, "ok") when card.ChipSerial == chip:
                        case (BatchItemStatus.Failed, "failed"):
                            unchanged++;
                            break;
                        case (BatchItemStatus.Produced, _):
                            Refuse("already_produced", "该卡已按另一结果回盘（已制成）", "The card was already returned as produced");
                            break;
                        case (BatchItemStatus.Failed, _):
                            Refuse("already_failed", "该卡已按制卡失败回盘", "The card was already returned as failed");
                            break;
                        default:
                            var applied = line.Outcome == "ok"
                                ? card.Produce(chip, context)
                                : card.Apply(CardTrigger.Cancel, context with { Reason = EnumNames.Of(CancellationReason.ProductionFailed) });
                            if (!applied.IsSuccess)
                            {
                                // Cancelled meanwhile (the holder died) or activated on the spot: the factory's word comes too late.
                                Refuse("card_not_pending", $"该卡当前状态为 {EnumNames.Of(card.Status)}，不能回盘", $"The card is {EnumNames.Of(card.Status)}; it cannot be returned");
                                break;
                            }
                            db.Entry(card).Property(c => c.Version).CurrentValue++;
                            if (line.Outcome == "ok")
                            {
                                cards.SetBankCardNumber(card, line.BankCardNumber.Length > 0 ? line.BankCardNumber : null);
                                item.Status = BatchItemStatus.Produced;
                                produced++;
                            }
                            else
                            {
                                item.Status = BatchItemStatus.Failed;
                                item.FailureReason = line.Reason.Length > 200 ? line.Reason[..200] : line.Reason;
                                failed++;
                            }
                            break;
                    }
                }
            }
            if (produced + failed > 0)
            {
                ProductionErrors.Apply(db, batch, BatchTrigger.Return, CreateInstitution.Context(caller, clock), new { produced, failed });
            }
            scope.Details = JsonSerializer.Serialize(new { lines = lines.Count, produced, failed, unchanged, refused = errors.Count });
            return new ReturnReport(batch.Number, lines.Count, produced, failed, unchanged, errors);
        }, cancellationToken);
    }

    private sealed record Line(int Number, string Serial, string ChipSerial, string BankCardNumber, string Outcome, string Reason);

    /// <summary>The data lines (blank lines and a header line skipped); null when there are none or too many.</summary>
    private static List<Line>? Parse(string csv)
    {
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture) { HasHeaderRecord = false, BadDataFound = null, TrimOptions = TrimOptions.Trim };
        using var parser = new CsvParser(new StringReader(csv), configuration);
        var lines = new List<Line>();
        while (parser.Read())
        {
            var fields = parser.Record ?? [];
            string Field(int i) => i < fields.Length ? fields[i] : "";
            if (fields.All(string.IsNullOrWhiteSpace) || (lines.Count == 0 && Field(0).Equals("serial", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }
            if (lines.Count == MaxLines)
            {
                return null;
            }
            lines.Add(new Line(parser.RawRow, Field(0), Field(1), Field(2), fields.Length is 4 or 5 ? Field(3).ToLowerInvariant() : "", Field(4)));
        }
        return lines.Count == 0 ? null : lines;
    }
}
