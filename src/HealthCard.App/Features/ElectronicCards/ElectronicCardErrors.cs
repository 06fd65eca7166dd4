using HealthCard.Domain.Common;

namespace HealthCard.App.Features.ElectronicCards;

/// <summary>The electronic health card's stable error codes, one per reason a code is refused (ADR 015).</summary>
public static class ElectronicCardErrors
{
    public static ValidationFailed Malformed(string zh, string en)
    {
        var errors = new FieldErrors();
        errors.Add("code", zh, en);
        return errors.ToError("qr.malformed");
    }

    public static Conflict UnsupportedVersion { get; } = new("qr.unsupported_version",
        new Message("不支持的电子健康卡二维码版本", "This electronic health card code version is not supported"));

    public static Conflict UnknownKey { get; } = new("qr.unknown_key",
        new Message("二维码的签名密钥版本未知或已作废", "The code names a signing key version that is unknown or compromised"));

    public static Conflict BadSignature { get; } = new("qr.bad_signature",
        new Message("二维码签名无效（内容被篡改或非平台签发）", "The code's signature does not verify: altered, or not issued by the platform"));

    public static Conflict Expired { get; } = new("qr.expired",
        new Message("二维码已过期，请刷新后重新出示", "The code has expired; refresh it and show it again"));

    public static Conflict NotYetValid { get; } = new("qr.not_yet_valid",
        new Message("二维码签发时间晚于当前时间（请检查设备时钟）", "The code was issued in the future; check the device's clock"));

    public static Conflict CardNotFound { get; } = new("qr.card_not_found",
        new Message("二维码所载的卡不存在", "The card the code names does not exist"));

    public static Conflict CardNotUsable(string status) => new("qr.card_not_usable",
        new Message($"该卡当前不可用（状态 {status}）", $"The card is not usable now (status {status})"));

    public static Conflict CardNumberUnsupported { get; } = new("qr.card_number_unsupported",
        new Message("该卡号含有二维码不能承载的字符", "The card number holds characters the code cannot carry"));
}
