namespace HealthCard.Domain.Common;

/// <summary>Something worth telling the caller that does not stop the operation (for example a retired region code).</summary>
public sealed record Warning(string Code, Message Message);
