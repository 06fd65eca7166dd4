namespace HealthCard.Domain.Common;

/// <summary>
/// An expected failure, returned as a value. <see cref="Code"/> is the stable machine-readable code that API clients
/// match on (for example <c>card.invalid_transition</c>); it never changes once published.
/// </summary>
public abstract record Error(string Code, Message Message);

/// <summary>The target does not exist, or lies outside the caller's region (which must look the same).</summary>
public sealed record NotFound(string What)
    : Error("not_found", new Message($"未找到{What}", $"{What} was not found"));

/// <summary>The request clashes with the current state, for example a duplicate or a stale version.</summary>
public sealed record Conflict(string ConflictCode, Message Detail) : Error(ConflictCode, Detail);

/// <summary>A state machine refused a trigger in the current state.</summary>
public sealed record InvalidTransition(string Machine, string From, string Trigger)
    : Error($"{Machine}.invalid_transition",
        new Message($"当前状态 {From} 不允许操作 {Trigger}", $"Trigger '{Trigger}' is not allowed in status '{From}'"));

/// <summary>Input failed validation; <see cref="Fields"/> maps each field (camelCase, as in the API) to its messages.</summary>
public sealed record ValidationFailed(string ValidationCode, IReadOnlyDictionary<string, IReadOnlyList<Message>> Fields)
    : Error(ValidationCode, new Message("输入数据校验失败", "The input failed validation"));

/// <summary>A service the operation needs cannot act now (for example the key service is sealed); retrying later may work.</summary>
public sealed record Unavailable(string UnavailableCode, Message Detail) : Error(UnavailableCode, Detail);

/// <summary>
/// The caller may not do this: a scope it lacks, a tier above its own, or a duty that must fall to another person
/// (separation of duties). Answered as 403; a record outside the caller's region stays <see cref="NotFound"/>.
/// </summary>
public sealed record Forbidden(string ForbiddenCode, Message Detail) : Error(ForbiddenCode, Detail);
