using System.Diagnostics;
using System.Text;
using HealthCard.Chip.Files;
using HealthCard.Chip.Reader;
using HealthCard.Chip.Virtual;

namespace HealthCard.Cli.Tests;

/// <summary>
/// The whole PC/SC path of standard §10, with nothing simulated but the chips: <c>hcard card serve</c> plugs a card and a
/// SAM into vsmartcard's virtual reader inside a real pcscd, and terminals reach them through pcsc-lite: our
/// <see cref="PcscChannel"/> under <see cref="HealthCardReader"/>, and pcsc-tools' <c>scriptor</c>.
/// <para>
/// These tests need pcscd running with the vpcd driver (Debian packages pcscd, vsmartcard-vpcd, pcsc-tools) and
/// <c>HEALTHCARD_TEST_PCSC=1</c>, which <c>.ci/run</c> provides; otherwise they are reported as skipped. They share vpcd's
/// two reader slots, so they are one class and xunit runs them one after another.
/// </para>
/// </summary>
public sealed class PcscTests : IAsyncDisposable
{
    public const string Variable = "HEALTHCARD_TEST_PCSC";

    /// <summary>vpcd's two slots (Debian's /etc/reader.conf.d/vpcd: reader "Virtual PCD", base port 35963).</summary>
    private const string CardReader = "Virtual PCD 00 00";
    private const string SamReader = "Virtual PCD 00 01";
    private const int CardPort = VpcdCard.DefaultPort;
    private const int SamPort = VpcdCard.DefaultPort + 1;

    private static readonly TimeSpan ReaderTimeout = TimeSpan.FromSeconds(20);

    private readonly string _folder = Directory.CreateTempSubdirectory("hc-pcsc-").FullName;
    private readonly List<ServeProcess> _servers = [];

    [Fact]
    public async Task HealthCardReader_ThroughPcscd_ReadsTheFreeFile_AndTheProtectedFileAfterSamAuthentication()
    {
        SkipUnlessPcscIsSetUp();
        var chips = new PersonalizedChips(_folder);
        var card = Serve(chips.CardImage, CardPort);
        Serve(chips.SamImage, SamPort);
        await WaitForCardsAsync();

        using var channel = PcscChannel.Open(CardReader, SamReader);
        var reader = new HealthCardReader(channel, PersonalizedChips.SamPin);

        reader.Open().ShouldBe(ReaderError.Ok);
        channel.PowerOn(CardSlot.UserCard).ShouldBe(VirtualHealthCard.Load(chips.CardImage).Atr);
        reader.Open().ShouldBe(ReaderError.Ok); // again after that reset: the card and SAM start from scratch
        reader.ReadIssuerData().Value.ShouldBe(chips.Issuer);
        var holder = reader.ReadHolderIdentity();
        holder.Error.ShouldBe(ReaderError.Ok);
        holder.Value.ShouldBe(PersonalizedChips.Holder);
        holder.Value!.Name.ShouldBe("欧阳建国");
        card.Output.ShouldContain(CardReader);
    }

    [Fact]
    public async Task Scriptor_ReadsTheIssuerFile_ButGets6982ForTheHolderFileWithoutAuthentication()
    {
        SkipUnlessPcscIsSetUp();
        var chips = new PersonalizedChips(_folder);
        Serve(chips.CardImage, CardPort);
        await WaitForCardsAsync(CardReader);
        var issuerName = chips.Issuer.EncodeRecords()[2]; // record n holds element n: 3 is 发卡机构名称
        var holderName = PersonalizedChips.Holder.EncodeRecords()[0];
        var script = Path.Combine(_folder, "read.script");
        await File.WriteAllLinesAsync(script,
        [
            "00 A4 00 00 02 DD F1", // SELECT DDF1
            "00 A4 00 00 02 EF 05", // SELECT EF05 (free read)
            $"00 B2 03 04 {issuerName.Length:X2}", // READ RECORD 3
            "00 A4 00 00 02 EF 06", // SELECT EF06 (read key RK1DDF1)
            $"00 B2 01 04 {holderName.Length:X2}", // READ RECORD 1, no EXTERNAL AUTHENTICATE before it
        ], TestContext.Current.CancellationToken);

        var (exitCode, output) = await RunAsync("scriptor", "-r", CardReader, script);

        exitCode.ShouldBe(0, output);
        var responses = Responses(output);
        responses.Count.ShouldBe(5, output);
        responses[0].ShouldBe("9000");
        responses[1].ShouldBe("9000");
        responses[2].ShouldBe(Convert.ToHexString(issuerName) + "9000", output);
        responses[3].ShouldBe("9000");
        responses[4].ShouldBe("6982", output);
    }

    [Fact]
    public async Task ServeWithSave_WritesTheCardsNewStateBackToItsImage_OnSigterm()
    {
        SkipUnlessPcscIsSetUp();
        var chips = new PersonalizedChips(_folder);
        var card = Serve(chips.CardImage, CardPort, "--save");
        Serve(chips.SamImage, SamPort);
        await WaitForCardsAsync();
        var phones = new Ddf1Ef08 { ExpiryDate = "20361122", Phone1 = "13912345678", PaymentMethod1 = "2" };
        using (var channel = PcscChannel.Open(CardReader, SamReader))
        {
            var reader = new HealthCardReader(channel, PersonalizedChips.SamPin);
            reader.Open().ShouldBe(ReaderError.Ok);
            reader.WriteValidityAndPhones(phones).ShouldBe(ReaderError.Ok);
        }

        (await card.TerminateAsync()).ShouldBe(0, card.Output);

        card.Output.ShouldContain("saved the changed state");
        var saved = new HealthCardReader(new InProcessChannel(VirtualHealthCard.Load(chips.CardImage), VirtualSam.Load(chips.SamImage)), PersonalizedChips.SamPin);
        saved.Open().ShouldBe(ReaderError.Ok);
        saved.ReadValidityAndPhones().Value.ShouldBe(phones);
    }

    [Fact]
    public async Task PcscChannel_ReportsDeviceFailures_AsPcscExceptionsWithTheirCodes()
    {
        SkipUnlessPcscIsSetUp();
        PcscChannel.ListReaders().ShouldContain(CardReader);
        PcscChannel.ListReaders().ShouldContain(SamReader);
        PcscChannel.IsCardPresent("No Such Reader 00 00").ShouldBeFalse();
        PcscChannel.IsCardPresent(SamReader).ShouldBeFalse();
        using (var channel = PcscChannel.Open("No Such Reader 00 00", SamReader))
        {
            Should.Throw<InvalidOperationException>(() => channel.Transmit(CardSlot.UserCard, [0x00, 0xA4, 0x00, 0x00]));
            var unknownReader = Should.Throw<PcscException>(() => channel.PowerOn(CardSlot.UserCard));
            unknownReader.ErrorCode.ShouldBe(0x80100009u); // SCARD_E_UNKNOWN_READER
            unknownReader.Message.ShouldContain("No Such Reader 00 00");
            Should.Throw<PcscException>(() => channel.PowerOn(CardSlot.Sam1)).ErrorCode.ShouldBe(0x8010000Cu); // SCARD_E_NO_SMARTCARD
        }

        var chips = new PersonalizedChips(_folder);
        var card = Serve(chips.CardImage, CardPort);
        await WaitForCardsAsync(CardReader);
        using var pulled = PcscChannel.Open(CardReader, SamReader);
        pulled.PowerOn(CardSlot.UserCard);
        card.Dispose(); // the card leaves the reader
        await WaitUntilAsync(() => !PcscChannel.IsCardPresent(CardReader), "removal of the card");

        var removed = Should.Throw<PcscException>(() => pulled.Transmit(CardSlot.UserCard, [0x00, 0xA4, 0x00, 0x00, 0x02, 0xDD, 0xF1]));
        removed.ErrorCode.ShouldBe(0x80100069u, removed.Message); // SCARD_W_REMOVED_CARD
    }

    private static void SkipUnlessPcscIsSetUp() =>
        Assert.SkipUnless(Environment.GetEnvironmentVariable(Variable) == "1",
            $"PC/SC tests need pcscd with vsmartcard's vpcd and {Variable}=1 (set by .ci/run).");

    private ServeProcess Serve(string image, int port, params string[] options)
    {
        var server = ServeProcess.Start(_folder, ["card", "serve", image, "--vpcd", $"127.0.0.1:{port}", .. options]);
        _servers.Add(server);
        return server;
    }

    /// <summary>Polls pcscd until it lists the readers, each with a card (vpcd shows one once our server has connected).</summary>
    private async Task WaitForCardsAsync(params string[] readers)
    {
        readers = readers.Length > 0 ? readers : [CardReader, SamReader];
        await WaitUntilAsync(() =>
        {
            var known = PcscChannel.ListReaders();
            return readers.All(reader => known.Contains(reader) && PcscChannel.IsCardPresent(reader));
        }, $"a card in {string.Join(" and ", readers)}");
    }

    private async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (_servers.FirstOrDefault(s => s.HasExitedByItself) is { } exited)
            {
                Assert.Fail($"hcard card serve exited early:\n{exited.Output}");
            }
            if (clock.Elapsed > ReaderTimeout)
            {
                Assert.Fail($"No {what} after {ReaderTimeout.TotalSeconds} s. pcscd's readers: {string.Join(", ", PcscChannel.ListReaders())}\n"
                    + string.Join("\n", _servers.Select(s => s.Output)));
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }

    /// <summary>
    /// The response APDUs in scriptor's output, as hex: a response starts with "&lt; ", wraps every 16 bytes, and ends with
    /// the status word and its explanation ("90 00 : Normal processing.").
    /// </summary>
    private static List<string> Responses(string scriptorOutput)
    {
        var responses = new List<string>();
        StringBuilder? response = null;
        foreach (var line in scriptorOutput.Split('\n'))
        {
            if (line.StartsWith("< ", StringComparison.Ordinal))
            {
                response = new StringBuilder();
            }
            if (response is null)
            {
                continue;
            }
            var parts = line.TrimStart('<').Split(':', 2);
            response.Append(parts[0].Replace(" ", "", StringComparison.Ordinal).Trim());
            if (parts.Length == 2)
            {
                responses.Add(response.ToString());
                response = null;
            }
        }
        return responses;
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        var (exitCode, output, error) = await Hcard.RunAsync(start);
        return (exitCode, output + error);
    }

    /// <summary>Stops the servers, then waits for pcscd to see their cards gone, so that the next test waits for its own.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers)
        {
            server.Dispose();
        }
        if (_servers.Count > 0)
        {
            _servers.Clear();
            await WaitUntilAsync(() => !PcscChannel.IsCardPresent(CardReader) && !PcscChannel.IsCardPresent(SamReader), "removal of the cards");
        }
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>A running <c>hcard card serve</c>; its stdout and stderr are collected for assertions and failure messages.</summary>
    private sealed class ServeProcess : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();
        private bool _stopped;
        private bool _disposed;

        private ServeProcess(Process process) => _process = process;

        public static ServeProcess Start(string folder, string[] arguments)
        {
            var start = Hcard.StartInfo(folder, arguments);
            var server = new ServeProcess(new Process { StartInfo = start });
            server._process.OutputDataReceived += (_, e) => server.Append(e.Data);
            server._process.ErrorDataReceived += (_, e) => server.Append(e.Data);
            server._process.Start();
            server._process.BeginOutputReadLine();
            server._process.BeginErrorReadLine();
            return server;
        }

        /// <summary>Exited without being stopped: it failed.</summary>
        public bool HasExitedByItself => !_stopped && _process.HasExited;

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        /// <summary>Sends SIGTERM, as a service manager stopping it would, and returns the exit code.</summary>
        public async Task<int> TerminateAsync()
        {
            _stopped = true;
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
            }
            await _process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(10));
            return _process.ExitCode;
        }

        private void Append(string? line)
        {
            if (line is not null)
            {
                lock (_output)
                {
                    _output.AppendLine(line);
                }
            }
        }

        /// <summary>Kills the process unless it has ended; a second call does nothing.</summary>
        public void Dispose()
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            _stopped = true;
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }
            _process.Dispose();
        }
    }
}
