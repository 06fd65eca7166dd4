namespace HealthCard.Domain.Common;

/// <summary>
/// Who is acting, through which channel, when and why: what every lifecycle event records. <see cref="Operator"/> and
/// <see cref="Unit"/> name the person and unit who handled the subject, where that differs from the actor (the card's
/// 制卡/发卡 单位、人员).
/// </summary>
public sealed record TransitionContext(string Actor, Channel Channel, DateTimeOffset At, string? Reason = null,
    string? Operator = null, string? Unit = null);
