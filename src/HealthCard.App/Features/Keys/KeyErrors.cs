using HealthCard.App.Common;
using HealthCard.Domain.Common;

namespace HealthCard.App.Features.Keys;

/// <summary>The key service's expected failures, each with its stable code (ADR 009, 016).</summary>
public static class KeyErrors
{
    /// <summary>The code of every validation failure of the key service (<see cref="FieldErrors.ToError"/>).</summary>
    public const string Invalid = "keys.invalid";

    public static readonly Unavailable Sealed = new("keys.sealed",
        new Message("密钥服务已封存，需要保管人提交密钥分量解封", "The key service is sealed; custodians must unseal it with their shares"));

    public static readonly Unavailable NotInitialized = new("keys.not_initialized",
        new Message("密钥服务尚未初始化（hcard keys init）", "The key service has not been initialised (hcard keys init)"));

    public static readonly Conflict AlreadyInitialized = new("keys.already_initialized",
        new Message("密钥服务已初始化", "The key service has already been initialised"));

    public static readonly Conflict WrongShares = new("keys.wrong_shares",
        new Message("密钥分量无法恢复密钥加密密钥，请重新提交", "The shares do not rebuild the key-encryption key; submit them again"));

    public static Conflict ProvinceHasNoKeys(string province) => new("keys.province_not_issued",
        new Message($"省份 {province} 尚未签发密钥", $"Province {province} holds no issued keys"));

    public static readonly Conflict BadShare = new("keys.bad_share",
        new Message("该密钥分量未通过校验，已拒绝；此前提交的分量仍然有效", "This share fails its check value and was refused; the shares given before are kept"));

    /// <summary>A key operation on another tier than the caller's (a province on the national store, a city on its province's).</summary>
    public static readonly Forbidden OtherTier = new("auth.tier",
        new Message("只能由本级密钥保管员操作本级的密钥", "Only custodians of this tier may act on this tier's keys"));

    public static readonly Conflict NoTransportKey = new("keys.no_transport_key",
        new Message("接收方尚未通过多人仪式登记传输密钥", "The receiving tier has no transport key registered through its custodians' ceremony"));

    // Rotation.

    public static readonly Conflict NotRotatable = new("keys.not_rotatable", new Message(
        "该密钥不能直接轮换：省级密钥随国家主密钥重新签发，SAM 密钥随 SAM 重新加载，传输密钥由其保管员重新登记",
        "This key does not rotate directly: provincial keys are re-issued after their national master rotates, SAM keys by reloading the SAM, transport keys by a new ceremony of their custodians"));

    public static readonly Conflict KeyChangedMeanwhile = new("keys.concurrent_change",
        new Message("该密钥同时被其他操作修改，请重试", "Another operation changed this key at the same time; retry"));

    // Export and import.

    public static readonly Conflict AlreadyImported = new("keys.already_imported",
        new Message("这些密钥版本已导入", "These key versions have already been imported"));

    public static Conflict TransportKeyMismatch(string keyId) => new("keys.transport_key_mismatch", new Message(
        $"密钥 {keyId} 无法用本级登记的传输密钥解开（传输密钥不同或文件被篡改）",
        $"Key {keyId} does not open under this tier's registered transport key (another transport key, or the file was altered)"));

    public static Conflict CheckValueMismatch(string keyId) => new("keys.check_value_mismatch", new Message(
        $"密钥 {keyId} 的校验值不符", $"Key {keyId} does not match its check value"));

    public static Conflict ImportRefused(string keyId) => new("keys.import_refused", new Message(
        $"不能导入密钥 {keyId}：本级只能导入本省的省级密钥与发卡机构密钥",
        $"Key {keyId} cannot be imported: a province imports only its own provincial and issuer keys"));

    // Transport key ceremonies.

    public static readonly Conflict ComponentCheckValueMismatch = new("keys.component_check_value_mismatch", new Message(
        "分量与其校验值不符（请核对输入），未记录", "The component does not match its check value (check what was typed); nothing was recorded"));

    public static readonly Conflict WeakTransportKey = new("keys.weak_transport_key", new Message("各分量相互抵消，请取消本次仪式后重新生成分量",
        "The components cancel each other out; cancel this ceremony and make new components"));

    public static readonly Conflict TransportCeremonyChangedMeanwhile = new("keys.concurrent_change",
        new Message("传输密钥仪式同时被其他操作修改，请重试", "Another custodian changed this transport key ceremony at the same time; retry"));

    public static readonly Forbidden SameCustodian = Authorization.SamePerson("同一传输密钥的每个分量", "Each component of one transport key");

    // The issuance of a province's keys (application → review → delegation → issue).

    public static readonly NotFound ApplicationNotFound = new("key application");

    public static readonly NotFound DelegationNotFound = new("key delegation");

    public static readonly NotFound HandoverNotFound = new("handover record");

    public static readonly Forbidden OwnProvinceOnly = new("auth.tier",
        new Message("省级密钥的申领与委派只能由该省本级办理", "Only the province itself applies for its keys and delegates their collection"));

    public static readonly Conflict NumberTaken = new("keys.number_taken", new Message("编号冲突，请重试", "A number collided; retry"));

    public static readonly Conflict ApplicationChangedMeanwhile = new("keys.concurrent_change",
        new Message("该申请同时被其他操作修改，请重试", "Another operation changed this application at the same time; retry"));

    public static readonly Conflict DelegationDuplicate = new("keys.delegation_duplicate",
        new Message("委派书编号已存在", "A delegation letter with this number exists"));

    public static readonly Conflict DelegationExpired = new("keys.delegation_expired",
        new Message("委派书已过期", "The delegation letter has expired"));

    public static readonly Conflict NotDelegated = new("keys.not_delegated",
        new Message("领取人不在委派书所列人员中", "The receiver is not named in the delegation letter"));

    public static Conflict ProvinceAlreadyIssued(string province) => new("keys.province_already_issued", new Message(
        $"省份 {province} 已持有由当前国家主密钥分散的密钥；请先轮换国家主密钥",
        $"Province {province} already holds keys derived from the current national masters; rotate the national masters first"));

    public static readonly Forbidden ReviewerIsApplicant =
        Authorization.SamePerson("审核密钥申请（申请人之外）", "Reviewing a key application (not its applicant)");

    public static readonly Forbidden DelegatorIsApplicantOrReviewer =
        Authorization.SamePerson("出具委派书（申请人、审核人之外）", "Delegating the collection (neither the applicant nor the reviewer)");

    public static readonly Forbidden IssuerTookAnEarlierStep = Authorization.SamePerson("签发省级密钥（申请人、审核人、委派书出具人之外）",
        "Issuing a province's keys (none of the applicant, the reviewer and the delegation's author)");
}
