using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

/// <summary>
/// <c>network-load &lt;url&gt; &lt;api key&gt; &lt;changes per second&gt; &lt;seconds&gt; &lt;first number&gt;</c>: registers residents at a node at a
/// fixed rate (open loop: requests start on schedule whether or not earlier ones finished), each one a change that
/// travels upward and a national claim. Prints the rate reached, the answers that were not 201, and the registration
/// latency (p50, p99), which with the network on includes the national claim. Used by bench/load/network.sh.
/// </summary>
internal static class NetworkLoad
{
    public const string Command = "network-load";

    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string Checks = "10X98765432";
    private static readonly string[] Phones = ["13912345678"];
    private static readonly object[] Addresses = [new { type = "1", text = "河北省石家庄市新华区中华北大街100号" }];
    private static readonly string[] PaymentMethods = ["2"];
    private static readonly string[] Tags = ["ncms"];

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length != 6)
        {
            Console.Error.WriteLine("network-load <url> <api key> <changes per second> <seconds> <first number>");
            return 2;
        }
        var rate = int.Parse(args[3], CultureInfo.InvariantCulture);
        var seconds = int.Parse(args[4], CultureInfo.InvariantCulture);
        var first = int.Parse(args[5], CultureInfo.InvariantCulture);
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = new Uri(args[1]) };
        client.DefaultRequestHeaders.Add("X-Api-Key", args[2]);
        var total = rate * seconds;
        var latencies = new double[total];
        var failures = 0;
        var clock = Stopwatch.StartNew();
        var running = new List<Task>(total);
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / rate);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }
            var n = i;
            running.Add(Task.Run(async () =>
            {
                var started = Stopwatch.GetTimestamp();
                var (number, birth) = IdNumber(first + n);
                using var response = await client.PostAsJsonAsync("/api/v1/residents", new
                {
                    idType = "01", idNumber = number, name = "压测居民", gender = "1", ethnicity = "01", birthDate = birth, regionCode = "130105",
                    phones = Phones, addresses = Addresses, paymentMethods = PaymentMethods, tags = Tags,
                });
                latencies[n] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if ((int)response.StatusCode != 201)
                {
                    Interlocked.Increment(ref failures);
                }
            }));
        }
        await Task.WhenAll(running);
        var elapsed = clock.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            sent = total,
            seconds = Math.Round(elapsed, 2),
            perSecond = Math.Round(total / elapsed),
            failures,
            p50Ms = Math.Round(latencies[total / 2], 2),
            p99Ms = Math.Round(latencies[Math.Min(total - 1, total * 99 / 100)], 2),
        }));
        return failures == 0 ? 0 : 1;
    }

    /// <summary>A valid GB 11643 number of county 130105 (odd sequence: male), distinct for each n below 9,000,000.</summary>
    private static (string Number, string Birth) IdNumber(int n)
    {
        var birth = new DateOnly(1971, 1, 1).AddDays(n / 450 % 20000);
        var first17 = $"130105{birth:yyyyMMdd}{n % 450 * 2 + 1:D3}";
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (first17[i] - '0') * Weights[i];
        }
        return (first17 + Checks[sum % 11], birth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
    }
}
