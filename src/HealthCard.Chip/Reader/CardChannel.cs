using HealthCard.Chip.Apdu;

namespace HealthCard.Chip.Reader;

/// <summary>The reader's slots (standard §9: 0x01 user card (RF), 0x11 SAM1).</summary>
public enum CardSlot : byte
{
    UserCard = 0x01,
    Sam1 = 0x11,
}

/// <summary>A reader with a user-card slot and a SAM slot. Implementations: in process, PC/SC, a test double of the wire.</summary>
public interface ICardChannel
{
    /// <summary>Powers the slot on and returns the answer to reset.</summary>
    byte[] PowerOn(CardSlot slot);

    /// <summary>Sends one command APDU and returns the response APDU (data ‖ SW1 SW2).</summary>
    byte[] Transmit(CardSlot slot, ReadOnlySpan<byte> command);
}

/// <summary>The virtual card and SAM in this process: the same bytes a real reader would carry.</summary>
public sealed class InProcessChannel(ISmartCard card, ISmartCard sam) : ICardChannel
{
    public byte[] PowerOn(CardSlot slot)
    {
        var chip = Chip(slot);
        chip.Reset();
        return chip.Atr;
    }

    public byte[] Transmit(CardSlot slot, ReadOnlySpan<byte> command) => Chip(slot).Transmit(command);

    private ISmartCard Chip(CardSlot slot) => slot == CardSlot.UserCard ? card : sam;
}
