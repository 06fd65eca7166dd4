using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using HealthCard.Chip.Apdu;
using HealthCard.Chip.Virtual;

namespace HealthCard.Chip.Tests.Virtual;

/// <summary>
/// The card side of vpcd's protocol, against a listener that speaks the reader side as pcscd's vpcd driver does (standard
/// §10): length-prefixed frames, 1-byte control commands, APDUs. The end-to-end run through a real pcscd is in the CLI tests.
/// </summary>
public sealed class VpcdCardTests : IAsyncDisposable
{
    private readonly TcpListener _vpcd = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly TestCard _card = new();
    private readonly List<string> _log = [];
    private Task? _serving;

    private readonly int _port;

    public VpcdCardTests()
    {
        _vpcd.Start();
        _port = ((IPEndPoint)_vpcd.LocalEndpoint).Port;
    }

    private void Serve(ISmartCard chip) =>
        _serving = new VpcdCard(chip, "127.0.0.1", _port, log: message => { lock (_log) { _log.Add(message); } }).RunAsync(_stop.Token);

    [Fact]
    public async Task AnswersGetAtr_AndApdus_ButNotPowerCommands()
    {
        Serve(_card.Card);
        using var reader = await _vpcd.AcceptTcpClientAsync(TestContext.Current.CancellationToken);
        var stream = reader.GetStream();

        await SendAsync(stream, [VpcdCard.PowerOn]);
        await SendAsync(stream, [VpcdCard.PowerOff]);
        await SendAsync(stream, [VpcdCard.GetAtr]);
        // Power on and off take no answer, so the first frame back is the ATR.
        (await ReceiveAsync(stream)).ShouldBe(_card.Card.Atr);

        await SendAsync(stream, Convert.FromHexString("00A4000002DDF1"));
        ResponseApdu.StatusOf(await ReceiveAsync(stream)).ShouldBe(StatusWord.Ok);
        await SendAsync(stream, Convert.FromHexString("00A4000002EF06"));
        ResponseApdu.StatusOf(await ReceiveAsync(stream)).ShouldBe(StatusWord.Ok);
        await SendAsync(stream, Convert.FromHexString("00B2010400"));
        ResponseApdu.StatusOf(await ReceiveAsync(stream)).ShouldBe(StatusWord.SecurityNotSatisfied);
    }

    [Fact]
    public async Task PowerOnAndReset_ClearTheChipsSecurityState()
    {
        var sam = new VirtualSam(1, "1300000001", _card.SamMasters(), "123456");
        Serve(sam);
        using var reader = await _vpcd.AcceptTcpClientAsync(TestContext.Current.CancellationToken);
        var stream = reader.GetStream();
        var verifyPin = Convert.FromHexString("0020000006313233343536");
        var sm3OfAbc = Convert.FromHexString("80B4000003616263");

        foreach (var control in new[] { VpcdCard.PowerOn, VpcdCard.Reset })
        {
            await SendAsync(stream, verifyPin);
            ResponseApdu.StatusOf(await ReceiveAsync(stream)).ShouldBe(StatusWord.Ok);
            await SendAsync(stream, sm3OfAbc);
            (ResponseApdu.StatusOf(await ReceiveAsync(stream)) & 0xFF00).ShouldBe(StatusWord.MoreDataPrefix);

            await SendAsync(stream, [control]);
            await SendAsync(stream, sm3OfAbc);
            ResponseApdu.StatusOf(await ReceiveAsync(stream)).ShouldBe(StatusWord.SecurityNotSatisfied, $"after control command {control}");
        }
    }

    [Fact]
    public async Task ReconnectsWhenVpcdDropsTheConnection_AndStopsWhenCancelled()
    {
        Serve(_card.Card);
        using (var first = await _vpcd.AcceptTcpClientAsync(TestContext.Current.CancellationToken))
        {
            await SendAsync(first.GetStream(), [VpcdCard.GetAtr]);
            (await ReceiveAsync(first.GetStream())).ShouldBe(_card.Card.Atr);
        }

        using var second = await _vpcd.AcceptTcpClientAsync(TestContext.Current.CancellationToken).AsTask()
            .WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        await SendAsync(second.GetStream(), [VpcdCard.GetAtr]);
        (await ReceiveAsync(second.GetStream())).ShouldBe(_card.Card.Atr);

        await _stop.CancelAsync();
        await _serving!.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        lock (_log)
        {
            _log.Count(m => m.StartsWith("connected to vpcd", StringComparison.Ordinal)).ShouldBe(2);
            _log.ShouldContain(m => m.Contains("closed the connection", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task KeepsRetrying_WhileVpcdIsNotListening()
    {
        _vpcd.Stop(); // like pcscd not started yet: nothing listens on the port
        Serve(_card.Card);
        await Task.Delay(TimeSpan.FromMilliseconds(600), TestContext.Current.CancellationToken);
        _serving!.IsCompleted.ShouldBeFalse();

        await _stop.CancelAsync();
        await _serving.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        lock (_log)
        {
            // Several attempts failed the same way, and the log said so once.
            _log.Count(m => m.Contains("failed", StringComparison.Ordinal)).ShouldBe(1);
        }
    }

    private static async Task SendAsync(NetworkStream stream, byte[] payload)
    {
        var frame = new byte[2 + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(frame, (ushort)payload.Length);
        payload.CopyTo(frame, 2);
        await stream.WriteAsync(frame, TestContext.Current.CancellationToken);
    }

    private static async Task<byte[]> ReceiveAsync(NetworkStream stream)
    {
        var header = new byte[2];
        await stream.ReadExactlyAsync(header, TestContext.Current.CancellationToken);
        var payload = new byte[BinaryPrimitives.ReadUInt16BigEndian(header)];
        await stream.ReadExactlyAsync(payload, TestContext.Current.CancellationToken);
        return payload;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_serving is not null)
        {
            await _serving;
        }
        _vpcd.Stop();
        _vpcd.Dispose();
        _stop.Dispose();
    }
}
