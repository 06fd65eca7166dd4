using System.Globalization;
using System.Text.Json;
using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Persistence;
using HealthCard.Domain.Cards;
using HealthCard.Domain.Common;
using HealthCard.Domain.Residents;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Residents;

/// <summary>Records a resident's death and cancels every card they still hold (注销, reason <c>death</c>), atomically.</summary>
public sealed class RecordDeath(HealthCardDb db, AuditTrail audit, TimeProvider clock)
{
    public Task<Result<DeathRecorded>> ExecuteAsync(Caller caller, Guid id, string? date, CancellationToken cancellationToken)
    {
        if (caller.Authorize(Capabilities.ResidentsWrite) is { } denied)
        {
            return Task.FromResult<Result<DeathRecorded>>(denied);
        }
        var scope = new AuditScope("resident.death", "resident") { TargetId = id.ToString() };
        return audit.RunAsync<DeathRecorded>(caller, scope, async ct =>
        {
            var found = await LivingResident.FindAsync(db, caller, id, scope, ct);
            if (!found.IsSuccess)
            {
                return found.Error!;
            }
            var record = found.Value;
            var errors = new FieldErrors();
            if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var deathDate))
            {
                errors.Add("date", "死亡日期应为 yyyy-MM-dd 格式的有效日期", "The date of death must be a real date written yyyy-MM-dd");
            }
            else if (deathDate > clock.Today() || deathDate < record.BirthDate)
            {
                errors.Add("date", "死亡日期不能晚于今天，也不能早于出生日期", "The date of death must be between the birth date and today");
            }
            if (errors.Any)
            {
                return errors.ToError(ResidentValidator.ErrorCode);
            }
            var now = clock.GetUtcNow();
            record.DeathDate = deathDate;
            record.UpdatedAt = now;
            record.Version++;
            var context = new TransitionContext(caller.Actor, caller.Channel, now, Reason: EnumNames.Of(CancellationReason.Death));
            var cards = await db.Cards.Where(c => c.ResidentId == id && c.Status != CardStatus.Replaced && c.Status != CardStatus.Cancelled).ToListAsync(ct);
            foreach (var card in cards)
            {
                card.Apply(CardTrigger.Cancel, context);
            }
            scope.Details = JsonSerializer.Serialize(new { cancelledSerials = cards.Select(c => c.Serial) });
            return new DeathRecorded(id, deathDate, cards.Select(c => c.Serial).ToList());
        }, cancellationToken);
    }
}

public sealed record DeathRecorded(Guid ResidentId, DateOnly DeathDate, IReadOnlyList<string> CancelledCardSerials);
