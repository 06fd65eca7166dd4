namespace HealthCard.Chip.Apdu;

/// <summary>A chip that answers APDUs: the virtual user card and the virtual SAM, wherever they are plugged in.</summary>
public interface ISmartCard
{
    /// <summary>The answer to reset.</summary>
    byte[] Atr { get; }

    /// <summary>Power-on reset: the security state is cleared.</summary>
    void Reset();

    /// <summary>Processes one command APDU and returns the response APDU (data ‖ SW1 SW2). Never throws.</summary>
    byte[] Transmit(ReadOnlySpan<byte> apdu);
}
