namespace HealthCard.Domain.Common;

/// <summary>A user-facing text in Chinese (the console's language) and English (for integrators).</summary>
public readonly record struct Message(string Zh, string En)
{
    public override string ToString() => $"{Zh} / {En}";
}
