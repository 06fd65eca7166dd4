using HealthCard.Domain.Common;

namespace HealthCard.App.Features.Portal;

/// <summary>The portal's stable error codes (ADR 015).</summary>
public static class PortalErrors
{
    /// <summary>
    /// Sign-in refused. The same answer for an unknown card, a card without a portal account, a wrong password, a
    /// deceased holder and a locked account, so that the portal cannot be used to learn whether a card exists.
    /// </summary>
    public static Conflict SignInFailed { get; } = new("portal.sign_in_failed",
        new Message("卡号或密码错误；多次失败后账户将暂时锁定，请稍后再试",
            "The card number or password is wrong; after repeated failures the account is locked for a while"));

    /// <summary>
    /// The first password (or a reset) refused: the same answer whatever did not match — card number, security code,
    /// phone digits or the card's status — for the same reason as <see cref="SignInFailed"/>.
    /// </summary>
    public static Conflict VerificationFailed { get; } = new("portal.verification_failed",
        new Message("卡号、安全码或预留手机号后四位不符，或该卡当前不可用（须为正常状态的卡）；多次失败后将暂时锁定",
            "The card number, security code or phone digits do not match, or the card is not active; after repeated failures the account is locked for a while"));

    /// <summary>Too many failures in a row: only to a signed-in resident, and in the audit log.</summary>
    public static Conflict LockedOut { get; } = new("portal.locked_out",
        new Message("失败次数过多，账户已暂时锁定，请稍后再试", "Too many failures; the account is locked for a while"));

    /// <summary>The signed-in resident's current password was wrong (changing the password).</summary>
    public static Conflict WrongPassword { get; } = new("portal.wrong_password",
        new Message("当前密码错误", "The current password is wrong"));

    public static Conflict AccountChanged { get; } = new("portal.account_changed",
        new Message("账户刚被更改，请重试", "The account was changed meanwhile; try again"));

    public static NotFound NoCard { get; } = new("card");

    public static Conflict ReplacementAlreadyRequested { get; } = new("portal.replacement_already_requested",
        new Message("已为这张卡申请过补换卡，请到发卡网点办理", "A replacement was already requested for this card; complete it at an issuing point"));
}
