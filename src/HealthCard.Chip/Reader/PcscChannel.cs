using System.Runtime.InteropServices;
using static HealthCard.Chip.Reader.PcscNative;

namespace HealthCard.Chip.Reader;

/// <summary>
/// A terminal whose user-card slot and SAM slot are two PC/SC readers, reached through pcsc-lite (<c>pcscd</c>) on
/// Linux: real readers, or vsmartcard's virtual reader for tests (standard §10). Every failure of the PC/SC stack throws
/// a <see cref="PcscException"/>; the card's own answers, errors included, are returned as response APDUs. Like a
/// physical reader, an instance serves one caller at a time.
/// </summary>
public sealed class PcscChannel : ICardChannel, IDisposable
{
    private static readonly Lazy<bool> LibraryLoaded = new(() => NativeLibrary.TryLoad(Library, typeof(PcscNative).Assembly, null, out _));

    private readonly nint _context;
    private readonly Dictionary<CardSlot, string> _readers;
    private readonly Dictionary<CardSlot, Connection> _connections = [];
    private readonly byte[] _response = new byte[MaxResponseSize];
    private bool _disposed;

    private PcscChannel(nint context, Dictionary<CardSlot, string> readers)
    {
        _context = context;
        _readers = readers;
    }

    /// <summary>A card connected in one slot, and the protocol (T=0 or T=1) pcscd negotiated with it.</summary>
    private sealed record Connection(nint Card, nuint Protocol);

    /// <summary>
    /// Opens a channel whose <see cref="CardSlot.UserCard"/> is the reader <paramref name="userCardReader"/> and whose
    /// <see cref="CardSlot.Sam1"/> is <paramref name="samReader"/>, as <see cref="ListReaders"/> names them. Nothing is
    /// connected until <see cref="PowerOn"/>.
    /// </summary>
    public static PcscChannel Open(string userCardReader, string samReader)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userCardReader);
        ArgumentException.ThrowIfNullOrWhiteSpace(samReader);
        return new PcscChannel(EstablishContext(), new Dictionary<CardSlot, string>
        {
            [CardSlot.UserCard] = userCardReader,
            [CardSlot.Sam1] = samReader,
        });
    }

    /// <summary>The names of the readers pcscd knows, such as "Virtual PCD 00 00"; empty when there are none.</summary>
    public static IReadOnlyList<string> ListReaders()
    {
        var context = EstablishContext();
        try
        {
            return ReaderNames(context);
        }
        finally
        {
            _ = SCardReleaseContext(context);
        }
    }

    /// <summary>Whether a card is in <paramref name="reader"/> right now (false for a reader pcscd does not know).</summary>
    public static bool IsCardPresent(string reader)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reader);
        var context = EstablishContext();
        var name = Marshal.StringToCoTaskMemUTF8(reader);
        try
        {
            // "Unaware" of the current state, pcscd answers at once with the reader's state instead of waiting for a change.
            var state = new ReaderState { Reader = name };
            var result = (uint)SCardGetStatusChange(context, 0, ref state, 1);
            if (result == UnknownReader)
            {
                return false;
            }
            if (result != TimedOut) // a zero timeout with nothing changed: the state is filled in all the same
            {
                Check(result, "SCardGetStatusChange", reader);
            }
            return (state.EventState & StatePresent) != 0;
        }
        finally
        {
            Marshal.FreeCoTaskMem(name);
            _ = SCardReleaseContext(context);
        }
    }

    /// <summary>
    /// Connects to the slot's card (shared, T=0 or T=1) and resets it, then returns its answer to reset. The reset is
    /// deliberate: connecting only powers a card nobody has powered, and a card another application has used would keep
    /// that application's security state (files selected, keys authenticated).
    /// </summary>
    public byte[] PowerOn(CardSlot slot)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var reader = ReaderOf(slot);
        if (!_connections.TryGetValue(slot, out var connection))
        {
            Check(SCardConnect(_context, reader, ShareShared, ProtocolT0 | ProtocolT1, out var card, out var connected), "SCardConnect", reader);
            connection = new Connection(card, connected);
        }
        var reset = SCardReconnect(connection.Card, ShareShared, ProtocolT0 | ProtocolT1, ResetCard, out var protocol);
        if ((uint)reset != Success)
        {
            // The card was removed or the reader went away: this handle is dead, and the next power-on connects afresh.
            _ = SCardDisconnect(connection.Card, LeaveCard);
            _connections.Remove(slot);
            Check(reset, "SCardReconnect (reset)", reader);
        }
        _connections[slot] = connection with { Protocol = protocol };
        return Atr(connection.Card, reader);
    }

    /// <summary>Sends one command APDU to the slot's card and returns its response APDU (data ‖ SW1 SW2).</summary>
    public byte[] Transmit(CardSlot slot, ReadOnlySpan<byte> command)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var reader = ReaderOf(slot);
        if (!_connections.TryGetValue(slot, out var connection))
        {
            throw new InvalidOperationException($"Power the {slot} slot on before sending it commands.");
        }
        var responseLength = (nuint)_response.Length;
        var sendPci = new IoRequest(connection.Protocol);
        Check(SCardTransmit(connection.Card, in sendPci, command, (nuint)command.Length, 0, _response, ref responseLength), "SCardTransmit", reader);
        return _response.AsSpan(0, (int)responseLength).ToArray();
    }

    /// <summary>
    /// Disconnects every card with a reset, so that no later application of the same reader inherits the keys this
    /// terminal authenticated, and releases the PC/SC context.
    /// </summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        foreach (var connection in _connections.Values)
        {
            _ = SCardDisconnect(connection.Card, ResetCard);
        }
        _connections.Clear();
        _ = SCardReleaseContext(_context);
    }

    private string ReaderOf(CardSlot slot) =>
        _readers.TryGetValue(slot, out var reader) ? reader : throw new ArgumentOutOfRangeException(nameof(slot), slot, "This channel has no such slot.");

    private static byte[] Atr(nint card, string reader)
    {
        var name = new byte[MaxReaderName];
        var nameLength = (nuint)name.Length;
        var atr = new byte[MaxAtrSize];
        var atrLength = (nuint)atr.Length;
        Check(SCardStatus(card, name, ref nameLength, out _, out _, atr, ref atrLength), "SCardStatus", reader);
        return atr.AsSpan(0, (int)atrLength).ToArray();
    }

    private static List<string> ReaderNames(nint context)
    {
        // The list is a "multi-string": names separated by zero bytes and ended by an empty one. Asking for its length
        // first and then for the list can race with a reader being plugged in between; pcsc-lite then says the buffer is
        // too small, and asking again settles it.
        while (true)
        {
            nuint length = 0;
            var result = (uint)SCardListReaders(context, 0, null, ref length);
            if (result == NoReadersAvailable)
            {
                return [];
            }
            Check(result, "SCardListReaders", reader: null);
            var names = new byte[(int)length];
            result = (uint)SCardListReaders(context, 0, names, ref length);
            if (result == NoReadersAvailable)
            {
                return [];
            }
            if (result == InsufficientBuffer)
            {
                continue;
            }
            Check(result, "SCardListReaders", reader: null);
            return System.Text.Encoding.UTF8.GetString(names, 0, (int)length)
                .Split('\0', StringSplitOptions.RemoveEmptyEntries)
                .ToList();
        }
    }

    private static nint EstablishContext()
    {
        EnsureLibrary();
        Check(SCardEstablishContext(ScopeSystem, 0, 0, out var context), "SCardEstablishContext", reader: null);
        return context;
    }

    /// <summary>
    /// Loads pcsc-lite up front, so that a machine without it gets a <see cref="PcscException"/> that says what to install
    /// instead of a <see cref="DllNotFoundException"/> from the first call. The binding assumes pcsc-lite's 64-bit Linux
    /// types, so other systems are refused here too.
    /// </summary>
    private static void EnsureLibrary()
    {
        if (!OperatingSystem.IsLinux() || !Environment.Is64BitProcess)
        {
            throw new PcscException(NoService, "PC/SC through pcsc-lite is supported on 64-bit Linux only");
        }
        if (!LibraryLoaded.Value)
        {
            throw new PcscException(NoService, $"{Library} could not be loaded; install pcsc-lite (Debian: apt-get install libpcsclite1 pcscd)");
        }
    }

    private static void Check(nint result, string operation, string? reader) => Check((uint)result, operation, reader);

    private static void Check(uint result, string operation, string? reader)
    {
        if (result == Success)
        {
            return;
        }
        var text = Marshal.PtrToStringUTF8(StringifyError((nint)result)) ?? "unknown error";
        var where = reader is null ? "" : $" on reader \"{reader}\"";
        throw new PcscException(result, $"{operation} failed{where}: {text}");
    }
}
