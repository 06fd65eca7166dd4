using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace HealthCard.Chip.Reader;

/// <summary>
/// The few functions of pcsc-lite's <c>winscard.h</c> that <see cref="PcscChannel"/> needs, bound to
/// <c>libpcsclite.so.1</c> (Debian package <c>libpcsclite1</c>).
/// <para>
/// pcsc-lite on Linux declares <c>DWORD</c> as <c>unsigned long</c> and <c>LONG</c> as <c>long</c>, so both are 64 bits
/// wide on a 64-bit system (unlike Windows' winscard, where they are 32 bits): they are <see cref="nuint"/> and
/// <see cref="nint"/> here, and so are the context and card handles, which pcsc-lite declares as <c>LONG</c>.
/// </para>
/// </summary>
internal static partial class PcscNative
{
    public const string Library = "libpcsclite.so.1";

    // Return codes (pcsclite.h). They are LONG, but their values fit in 32 bits; callers compare them as uint.
    public const uint Success = 0x00000000;
    public const uint InsufficientBuffer = 0x80100008;
    public const uint UnknownReader = 0x80100009;
    public const uint TimedOut = 0x8010000A;
    public const uint NoSmartCard = 0x8010000C;
    public const uint NoService = 0x8010001D;
    public const uint NoReadersAvailable = 0x8010002E;

    public const nuint ScopeSystem = 2;

    public const nuint ShareShared = 2;

    public const nuint ProtocolT0 = 0x0001;
    public const nuint ProtocolT1 = 0x0002;

    // Dispositions, for SCardReconnect's initialization and SCardDisconnect.
    public const nuint LeaveCard = 0;
    public const nuint ResetCard = 1;

    public const nuint StatePresent = 0x0020;

    /// <summary>MAX_ATR_SIZE in pcsclite.h.</summary>
    public const int MaxAtrSize = 33;

    /// <summary>MAX_READERNAME in pcsclite.h, in bytes including the terminating zero.</summary>
    public const int MaxReaderName = 128;

    /// <summary>MAX_BUFFER_SIZE_EXTENDED in pcsclite.h: the largest response an extended-length APDU can carry.</summary>
    public const int MaxResponseSize = 4 + 3 + (1 << 16) + 3 + 2;

    /// <summary><c>SCARD_IO_REQUEST</c>: the protocol control information sent ahead of an APDU.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct IoRequest(nuint protocol)
    {
        public nuint Protocol = protocol;
        public nuint PciLength = (nuint)Unsafe.SizeOf<IoRequest>();
    }

    /// <summary><c>SCARD_READERSTATE</c> for one reader.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct ReaderState
    {
        /// <summary>The reader's name, a zero-terminated UTF-8 string the caller allocates.</summary>
        public nint Reader;
        public nint UserData;
        public nuint CurrentState;
        public nuint EventState;
        public nuint AtrLength;
        public AtrBytes Atr;
    }

    [InlineArray(MaxAtrSize)]
    public struct AtrBytes
    {
        private byte _first;
    }

    [LibraryImport(Library)]
    public static partial nint SCardEstablishContext(nuint scope, nint reserved1, nint reserved2, out nint context);

    [LibraryImport(Library)]
    public static partial nint SCardReleaseContext(nint context);

    /// <summary>With a null <paramref name="readers"/> buffer, only reports the length it needs.</summary>
    [LibraryImport(Library)]
    public static partial nint SCardListReaders(nint context, nint groups, [Out] byte[]? readers, ref nuint readersLength);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint SCardConnect(nint context, string reader, nuint shareMode, nuint preferredProtocols,
        out nint card, out nuint activeProtocol);

    [LibraryImport(Library)]
    public static partial nint SCardReconnect(nint card, nuint shareMode, nuint preferredProtocols, nuint initialization,
        out nuint activeProtocol);

    [LibraryImport(Library)]
    public static partial nint SCardDisconnect(nint card, nuint disposition);

    [LibraryImport(Library)]
    public static partial nint SCardStatus(nint card, [Out] byte[] readerName, ref nuint readerNameLength, out nuint state,
        out nuint protocol, [Out] byte[] atr, ref nuint atrLength);

    [LibraryImport(Library)]
    public static partial nint SCardTransmit(nint card, in IoRequest sendPci, ReadOnlySpan<byte> command, nuint commandLength,
        nint receivePci, [Out] byte[] response, ref nuint responseLength);

    [LibraryImport(Library)]
    public static partial nint SCardGetStatusChange(nint context, nuint timeoutMilliseconds, ref ReaderState readerState, nuint readerCount);

    /// <summary>pcsc-lite's English text for a return code. The string belongs to the library: it must not be freed.</summary>
    [LibraryImport(Library, EntryPoint = "pcsc_stringify_error")]
    public static partial nint StringifyError(nint code);
}
