using System.Buffers.Binary;
using System.Net.Sockets;
using HealthCard.Chip.Apdu;

namespace HealthCard.Chip.Virtual;

/// <summary>
/// Plugs a virtual chip into vsmartcard's virtual PC/SC reader (the <c>vpcd</c> driver of pcscd, standard §10), so that
/// any PC/SC application (our <c>PcscChannel</c>, <c>scriptor</c>, a vendor's reader library) talks to it as to a card
/// in a real reader.
/// <para>
/// The card is the TCP client. vpcd listens (by default on 35963 for reader "Virtual PCD 00 00" and 35964 for "Virtual
/// PCD 00 01"). Seen with Debian 12's pcscd 1.9.9 and vsmartcard-vpcd 3.3: both readers exist from pcscd's start (the
/// driver is configured in <c>/etc/reader.conf.d/vpcd</c>), empty; a reader shows a card from the moment the card
/// connects until the connection ends. vpcd asks for the ATR about twice a second to see whether the card is still
/// there, powers the card on when an application connects and off again when it has been idle for a moment. It
/// listens on every interface, not just loopback: keep it to test machines.
/// </para>
/// <para>
/// Every message, both ways, is a 2-byte big-endian length and a payload. A 1-byte payload from vpcd is a control command
/// (<see cref="PowerOff"/>, <see cref="PowerOn"/>, <see cref="Reset"/>, <see cref="GetAtr"/>); anything longer is a command
/// APDU, answered with the response APDU. Only the ATR and APDUs get an answer.
/// </para>
/// <para>
/// When vpcd drops the connection (pcscd restarted, say), the card reconnects after a short back-off until it is
/// cancelled. The log says when it connects and disconnects; it never carries APDUs, which hold keys' cryptograms and
/// personal data.
/// </para>
/// </summary>
public sealed class VpcdCard
{
    /// <summary>vpcd's port for its first reader slot; the second slot is the next port.</summary>
    public const int DefaultPort = 35963;

    public const byte PowerOff = 0;
    public const byte PowerOn = 1;
    public const byte Reset = 2;
    public const byte GetAtr = 4;

    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LongestRetryDelay = TimeSpan.FromSeconds(2);

    private readonly ISmartCard _card;
    private readonly Action<string> _log;
    private readonly TimeProvider _time;

    /// <param name="card">The chip to serve. Only this instance calls it while <see cref="RunAsync"/> runs.</param>
    /// <param name="host">Where vpcd listens, normally the loopback address of the machine running pcscd.</param>
    /// <param name="port">vpcd's port: <see cref="DefaultPort"/> plus the reader slot.</param>
    /// <param name="log">Where connection events go; nothing is logged when null.</param>
    /// <param name="time">The clock for the reconnection back-off.</param>
    public VpcdCard(ISmartCard card, string host = "127.0.0.1", int port = DefaultPort, Action<string>? log = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        _card = card;
        Host = host;
        Port = port;
        _log = log ?? (_ => { });
        _time = time ?? TimeProvider.System;
    }

    public string Host { get; }

    public int Port { get; }

    /// <summary>Serves the card, reconnecting whenever vpcd goes away, and returns once <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var retryDelay = FirstRetryDelay;
        var lastFailure = "";
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                using var client = new TcpClient { NoDelay = true }; // one small message per APDU: Nagle's delay would slow every exchange
                await client.ConnectAsync(Host, Port, cancellationToken).ConfigureAwait(false);
                _log($"connected to vpcd at {Host}:{Port}");
                retryDelay = FirstRetryDelay;
                lastFailure = "";
                await ServeAsync(client.GetStream(), cancellationToken).ConfigureAwait(false);
                _log($"vpcd at {Host}:{Port} closed the connection; reconnecting");
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is SocketException or IOException)
            {
                // While pcscd is down every attempt fails the same way: say so once, not four times a second.
                if (e.Message != lastFailure)
                {
                    _log($"connection to vpcd at {Host}:{Port} failed ({e.Message}); retrying");
                    lastFailure = e.Message;
                }
            }
            try
            {
                await Task.Delay(retryDelay, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            retryDelay = TimeSpan.FromTicks(Math.Min(retryDelay.Ticks * 2, LongestRetryDelay.Ticks));
        }
    }

    /// <summary>Answers vpcd's messages until it closes the connection.</summary>
    private async Task ServeAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var header = new byte[2];
        var payload = new byte[ushort.MaxValue];
        while (true)
        {
            if (!await TryReadExactlyAsync(stream, header, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
            var length = BinaryPrimitives.ReadUInt16BigEndian(header);
            var message = payload.AsMemory(0, length);
            if (!await TryReadExactlyAsync(stream, message, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
            if (Answer(message.Span) is { } answer)
            {
                await stream.WriteAsync(Frame(answer), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The card's answer to one message from vpcd, or null when the message takes none.</summary>
    private byte[]? Answer(ReadOnlySpan<byte> message)
    {
        if (message.Length != 1)
        {
            // A command APDU (vpcd never sends an empty message; were it to, the card would answer 6700 like any chip).
            return _card.Transmit(message);
        }
        switch (message[0])
        {
            case PowerOn:
            case Reset:
                _card.Reset();
                return null;
            case GetAtr:
                return _card.Atr;
            default:
                // Power off, and any control command this card does not know: a chip without power has nothing to say.
                return null;
        }
    }

    private static byte[] Frame(byte[] payload)
    {
        var frame = new byte[2 + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(frame, (ushort)payload.Length);
        payload.CopyTo(frame, 2);
        return frame;
    }

    /// <summary>Reads exactly <paramref name="buffer"/>'s length; false when the connection ends first.</summary>
    private static async Task<bool> TryReadExactlyAsync(NetworkStream stream, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        try
        {
            await stream.ReadExactlyAsync(buffer, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (EndOfStreamException)
        {
            return false;
        }
    }
}
