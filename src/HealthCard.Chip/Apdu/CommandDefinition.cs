namespace HealthCard.Chip.Apdu;

/// <summary>What one status word means as the answer to one command.</summary>
/// <param name="Mask">0xFFFF for one status word; 0xFF00 for a family such as 61xx, 0xFFF0 for 63Cx.</param>
public sealed record StatusMeaning(ushort Status, string Meaning, ushort Mask = 0xFFFF)
{
    public bool Matches(ushort status) => (status & Mask) == Status;
}

/// <summary>
/// One card or SAM command (standard §5, §7): its header bytes and the meaning of each status word it is answered with.
/// Each command type (<see cref="SelectCommand"/>, …) holds one, so the reader that sends the command and the virtual chip
/// that answers it read the same table.
/// </summary>
public sealed record CommandDefinition(string Name, byte Cla, byte Ins, IReadOnlyList<StatusMeaning> Statuses)
{
    /// <summary>What <paramref name="status"/> means as the answer to this command; null when this command is never answered so.</summary>
    public string? Meaning(ushort status) => Statuses.FirstOrDefault(s => s.Matches(status))?.Meaning;

    public bool Answers(ushort status) => Meaning(status) is not null;
}
