using HealthCard.Domain.Common;

namespace HealthCard.App.Features.Portal;

/// <summary>The portal's stable error codes (ADR 015).</summary>
public static class PortalErrors
{
    /// <summary>
    /// Sign-in refused. The same answer for an unknown card, a card without a portal account, a wrong password and a
    /// deceased holder, so that the portal cannot be used to learn whether a card exists.
    /// </summary>
    public static Conflict SignInFailed { get; } = new("portal.sign_in_failed",
        new Message("卡号或密码错误；多次失败后须等待一段时间才能再试",
            "The card number or password is wrong; after repeated failures you must wait before trying again"));

    /// <summary>
    /// The first password (or a reset) refused: the same answer whatever did not match — card number, card serial,
    /// security code, phone number or the card's status — for the same reason as <see cref="SignInFailed"/>.
    /// </summary>
    public static Conflict VerificationFailed { get; } = new("portal.verification_failed",
        new Message("卡号、卡序列号、安全码或预留手机号不符，或该卡当前不可用（须为正常状态的卡）；多次失败后须等待一段时间才能再试",
            "The card number, card serial, security code or phone number do not match, or the card is not active; after repeated failures you must wait before trying again"));

    /// <summary>
    /// Too many failures: wait before the next attempt (exponential back-off, ADR 019). Answered alike for known and
    /// unknown card numbers, because the counters are kept per number, not per account.
    /// </summary>
    public static Conflict Throttled { get; } = new("portal.throttled",
        new Message("尝试次数过多，请稍后再试（等待时间随失败次数增加）；也可携带本人证件到发卡网点办理",
            "Too many attempts; wait before trying again (the wait grows with each failure), or visit an issuing point with your ID"));

    /// <summary>The signed-in resident's current password was wrong (changing the password).</summary>
    public static Conflict WrongPassword { get; } = new("portal.wrong_password",
        new Message("当前密码错误", "The current password is wrong"));

    public static Conflict AccountChanged { get; } = new("portal.account_changed",
        new Message("账户刚被更改，请重试", "The account was changed meanwhile; try again"));

    public static NotFound NoCard { get; } = new("card");

    public static Conflict ReplacementAlreadyRequested { get; } = new("portal.replacement_already_requested",
        new Message("已为这张卡申请过补换卡，请到发卡网点办理", "A replacement was already requested for this card; complete it at an issuing point"));
}
