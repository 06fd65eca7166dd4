using HealthCard.Domain.Common;

namespace HealthCard.App.Features.ApiKeys;

/// <summary>The API-key area's stable error codes.</summary>
public static class ApiKeyErrors
{
    public static NotFound NotFound { get; } = new("api key");

    public static Conflict Duplicate { get; } = new("apikey.duplicate", new Message("已有同名密钥", "A key with this name exists"));

    public static Conflict Revoked { get; } = new("apikey.revoked", new Message("该密钥已被吊销", "The key is already revoked"));
}
