using HealthCard.Domain.Common;

namespace HealthCard.Domain.Cards;

/// <summary>What the operator said about a lifecycle operation, trimmed; empty text is no text.</summary>
public sealed record CardOperationInput(string? Reason, string? Operator, string? Unit);

/// <summary>
/// What an operator must say about a card lifecycle operation, whichever door it comes through (console, API, CLI,
/// portal): the operations of the counter (freeze, unfreeze, report loss, cancel loss, replace, cancel) need a reason,
/// a cancellation's reason is one of <see cref="CancellationReason"/>, a distribution names its issuing point, and the
/// texts have caps. Handing over (activate) and distributing name their unit instead of a reason.
/// </summary>
public static class CardOperationRules
{
    public const string ErrorCode = "card.invalid";

    /// <summary>The cap of a reason (the lifecycle history's reason column).</summary>
    public const int ReasonMaxLength = 200;

    /// <summary>The cap of the operator's name (经办人).</summary>
    public const int OperatorMaxLength = 30;

    /// <summary>The cap of a unit's name (发放网点, 发卡单位; the history's unit column).</summary>
    public const int UnitMaxLength = 70;

    /// <summary>Whether <paramref name="trigger"/> is done only with a stated reason.</summary>
    public static bool NeedsReason(CardTrigger trigger) => trigger is CardTrigger.Freeze or CardTrigger.Unfreeze or CardTrigger.ReportLoss
        or CardTrigger.CancelLoss or CardTrigger.Replace or CardTrigger.Cancel;

    /// <summary>Checks what was said about <paramref name="trigger"/>; every field's problem is reported at once.</summary>
    public static Result<CardOperationInput> Check(CardTrigger trigger, string? reason, string? @operator, string? unit)
    {
        var input = new CardOperationInput(Text(reason), Text(@operator), Text(unit));
        var errors = new FieldErrors();
        if (trigger == CardTrigger.Cancel)
        {
            if (!EnumNames.TryParse<CancellationReason>(input.Reason, out _))
            {
                errors.Add("reason", "注销原因应为 death、accidental_termination、voluntary 或 other",
                    "The cancellation reason must be death, accidental_termination, voluntary or other");
            }
        }
        else if (NeedsReason(trigger) && input.Reason is null)
        {
            errors.Add("reason", "请填写原因", "A reason is required");
        }
        if (input.Reason is { Length: > ReasonMaxLength })
        {
            errors.Add("reason", $"原因最多 {ReasonMaxLength} 个字符", $"reason has at most {ReasonMaxLength} characters");
        }
        CheckOperator(input.Operator, errors);
        if ((trigger == CardTrigger.Distribute && input.Unit is null) || input.Unit is { Length: > UnitMaxLength })
        {
            errors.Add("unit", $"单位最多 {UnitMaxLength} 个字符；发放须注明发放网点", $"unit has at most {UnitMaxLength} characters; distribution names the issuing point");
        }
        return errors.Any ? errors.ToError(ErrorCode) : input;
    }

    /// <summary>The operator's cap, for every card operation that names one (issue included).</summary>
    public static void CheckOperator(string? @operator, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (@operator?.Trim() is { Length: > OperatorMaxLength })
        {
            errors.Add("operator", $"经办人最多 {OperatorMaxLength} 个字符", $"operator has at most {OperatorMaxLength} characters");
        }
    }

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
