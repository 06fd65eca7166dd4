using System.Text.Json;
using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Network;
using HealthCard.App.Features.Products;
using HealthCard.App.Features.Residents;
using HealthCard.App.Persistence;
using HealthCard.Domain.Cards;
using HealthCard.Domain.Common;
using HealthCard.Domain.Products;

namespace HealthCard.App.Features.Cards;

public sealed record IssueCardRequest(Guid ResidentId, string? IssuanceMode, string? IssuerCode, string? BankCardNumber = null,
    string? ChipSerial = null, string? Operator = null, Guid? ProductId = null);

/// <summary>
/// Issues a resident a card. Hospital on-site and bank-branch issuance are instant: the card is made and handed over
/// at once (pending → active). A batch card stays pending until it is handed to the holder.
/// </summary>
public sealed class IssueCard(HealthCardDb db, AuditTrail audit, CardStore cards, SerialAllocator serials, CardValidity validity,
    NationalRegistry national, TimeProvider clock)
{
    public Task<Result<CardView>> ExecuteAsync(Caller caller, IssueCardRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        if (caller.Authorize(Capabilities.CardsWrite) is { } denied)
        {
            return Task.FromResult<Result<CardView>>(denied);
        }
        var scope = new AuditScope("card.issue", "card")
            .OnUniqueViolation(HealthCardDb.OneCurrentCardIndex, CardErrors.AlreadyIssued)
            .OnUniqueViolation(HealthCardDb.ChipSerialIndex, CardErrors.ChipSerialTaken);
        return audit.RunAsync<CardView>(caller, scope, async ct =>
        {
            var errors = new FieldErrors();
            if (!EnumNames.TryParse<IssuanceMode>(request.IssuanceMode, out var mode))
            {
                errors.Add("issuanceMode", "发卡方式应为 hospital、batch 或 bank", "issuanceMode must be hospital, batch or bank");
            }
            if (CardRules.ValidateIssue(request.IssuerCode, request.BankCardNumber, request.ChipSerial) is ValidationFailed invalid)
            {
                foreach (var (field, messages) in invalid.Fields)
                {
                    foreach (var message in messages)
                    {
                        errors.Add(field, message.Zh, message.En);
                    }
                }
            }
            CardOperationRules.CheckOperator(request.Operator, errors);
            if (errors.Any)
            {
                return errors.ToError(CardErrors.Invalid);
            }
            if (request.ProductId is not null)
            {
                var product = await ProductQueries.UsableAsync(db, request.ProductId, ProductKind.UserCard, clock.Today(), "productId", ct);
                if (!product.IsSuccess)
                {
                    return product.Error!;
                }
            }
            var found = await LivingResident.FindAsync(db, caller, request.ResidentId, scope, ct);
            if (!found.IsSuccess)
            {
                return found.Error!;
            }
            var holder = found.Value;
            // One valid card per person nationwide: issuance confirms the national claim first; unreachable means no card (ADR 028).
            if (await national.ClaimAsync(holder.IdNumberIndex, holder.IdType, holder.Id, ct) is { } refused)
            {
                return refused;
            }
            var card = await MakeAsync(caller, holder, mode, request.IssuerCode!, request.ChipSerial, request.Operator, replaces: null, request.ProductId, ct);
            cards.SetBankCardNumber(card, request.BankCardNumber);
            scope.TargetId = card.Serial;
            scope.Details = JsonSerializer.Serialize(new { residentId = holder.Id, mode = EnumNames.Of(mode), status = EnumNames.Of(card.Status) });
            return await cards.ViewAsync(card, caller, ct);
        }, cancellationToken);
    }

    /// <summary>
    /// Makes a card for <paramref name="holder"/> and, for instant modes, hands it over. Shared with replacement so
    /// that a replacement card is made exactly like a first card.
    /// </summary>
    internal async Task<Card> MakeAsync(Caller caller, ResidentRecord holder, IssuanceMode mode, string issuerCode, string? chipSerial,
        string? staff, Card? replaces, Guid? productId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var (issueDate, expiryDate) = validity.FromToday();
        var context = new TransitionContext(caller.Actor, caller.Channel, now, Operator: staff, Unit: issuerCode);
        var instant = mode is IssuanceMode.Hospital or IssuanceMode.Bank;
        var card = Card.Create(new NewCard(
            holder.Id,
            await serials.NextAsync(holder.RegionCode, cancellationToken),
            chipSerial?.ToUpperInvariant(),
            issuerCode,
            CardRules.CityCodeOf(holder.RegionCode),
            holder.RegionCode,
            issueDate,
            expiryDate,
            mode,
            replaces?.Id,
            // On-site issuance makes the card where it is handed over; batch production is recorded when the factory reports it.
            instant ? new Handling(issuerCode, staff ?? caller.Actor, now) : null,
            productId), context);
        db.Cards.Add(card);
        if (instant)
        {
            card.Apply(CardTrigger.Activate, context);
        }
        return card;
    }
}
