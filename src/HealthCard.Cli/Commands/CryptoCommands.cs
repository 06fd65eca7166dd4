using System.CommandLine;
using HealthCard.Crypto.Keys;
using HealthCard.Crypto.Sm2;
using HealthCard.Crypto.Sm3;
using HealthCard.Crypto.Sm4;

namespace HealthCard.Cli.Commands;

/// <summary>
/// <c>hcard crypto …</c>: the national algorithms, hex in and hex out, for key ceremonies and for integrators checking
/// their own implementations against ours. Exit codes: 0 done (or signature valid), 1 signature invalid, 2 bad input.
/// </summary>
internal static class CryptoCommands
{
    public static Command Create()
    {
        var crypto = new Command("crypto", "SM2/SM3/SM4 primitives, hex in and hex out");
        crypto.Subcommands.Add(Sm3Command());
        crypto.Subcommands.Add(Sm4Command());
        crypto.Subcommands.Add(Sm2Command());
        crypto.Subcommands.Add(KcvCommand());
        crypto.Subcommands.Add(DiversifyCommand());
        return crypto;
    }

    private static Command Sm3Command()
    {
        var data = HexArgument("data", "The message");
        var command = new Command("sm3", "SM3 digest (GB/T 32905)") { data };
        command.SetAction(parse => Run(() => Print(Sm3Hash.Hash(Hex(parse.GetValue(data), "data")))));
        return command;
    }

    private static Command Sm4Command()
    {
        var key = HexOption("--key", "The 16-byte key", required: true);
        var iv = HexOption("--iv", "The 16-byte IV (CBC; default zero)", required: false);
        var mode = new Option<string>("--mode") { Description = "ecb or cbc", DefaultValueFactory = _ => "ecb" };
        mode.AcceptOnlyFromAmong("ecb", "cbc");
        var data = HexArgument("data", "Whole 16-byte blocks (no padding is added)");

        Command Transform(string name, bool encrypt)
        {
            var command = new Command(name, $"SM4 {name} (GB/T 32907), ECB or CBC, no padding") { key, iv, mode, data };
            command.SetAction(parse => Run(() =>
            {
                var k = Hex(parse.GetValue(key), "--key");
                var input = Hex(parse.GetValue(data), "data");
                var chain = parse.GetValue(iv) is { } text ? Hex(text, "--iv") : new byte[Sm4Block.BlockSize];
                Print(parse.GetValue(mode) == "cbc"
                    ? encrypt ? Sm4Block.EncryptCbc(k, chain, input) : Sm4Block.DecryptCbc(k, chain, input)
                    : encrypt ? Sm4Block.EncryptEcb(k, input) : Sm4Block.DecryptEcb(k, input));
            }));
            return command;
        }

        var mac = new Command("mac", "SM4-CBC-MAC with ISO 9797-1 padding method 2 and a zero IV (16 bytes; cards use the first 4)") { key, data };
        mac.SetAction(parse => Run(() => Print(Sm4Block.Mac(Hex(parse.GetValue(key), "--key"), Hex(parse.GetValue(data), "data")))));
        return new Command("sm4", "SM4 block cipher") { Transform("encrypt", encrypt: true), Transform("decrypt", encrypt: false), mac };
    }

    private static Command Sm2Command()
    {
        var keygen = new Command("keygen", "Generate an SM2 key pair (private 32 bytes, public 64 bytes x‖y)");
        keygen.SetAction(_ => Run(() =>
        {
            using var key = Sm2Algorithm.GenerateKey();
            Span<byte> scalar = stackalloc byte[32];
            key.WriteTo(scalar);
            Console.WriteLine($"private: {Convert.ToHexString(scalar)}");
            Console.WriteLine($"public:  {Convert.ToHexString(key.PublicKey)}");
            scalar.Clear();
        }));

        var id = new Option<string>("--id") { Description = "Signer ID (ASCII)", DefaultValueFactory = _ => Sm2Algorithm.DefaultUserId };
        var privateKey = HexOption("--key", "The 32-byte private key", required: true);
        var message = HexArgument("data", "The message (SM3 over Z_A ‖ message is signed)");
        var sign = new Command("sign", "Sign; prints r‖s (64 bytes)") { privateKey, id, message };
        sign.SetAction(parse => Run(() =>
        {
            using var key = Sm2PrivateKey.Import(Hex(parse.GetValue(privateKey), "--key"));
            Print(Sm2Algorithm.Sign(key, Hex(parse.GetValue(message), "data"), parse.GetValue(id)!));
        }));

        var publicKey = HexOption("--pub", "The 64-byte public key x‖y", required: true);
        var signature = HexOption("--sig", "The signature r‖s", required: true);
        var verify = new Command("verify", "Verify; exit 0 when valid, 1 when not") { publicKey, id, signature, message };
        verify.SetAction(parse =>
        {
            var result = 0;
            var failed = Run(() =>
            {
                var pub = Hex(parse.GetValue(publicKey), "--pub");
                if (pub.Length is not (Sm2Algorithm.PublicKeySize or Sm2Algorithm.PublicKeySize + 1))
                {
                    throw new ArgumentException("--pub is a 64-byte public key x‖y (or 65 bytes starting 04).");
                }
                var valid = Sm2Algorithm.Verify(pub, Hex(parse.GetValue(message), "data"),
                    Hex(parse.GetValue(signature), "--sig"), parse.GetValue(id)!);
                Console.WriteLine(valid ? "valid" : "invalid");
                result = valid ? 0 : 1;
            });
            return failed != 0 ? failed : result;
        });
        return new Command("sm2", "SM2 signatures (GB/T 32918)") { keygen, sign, verify };
    }

    private static Command KcvCommand()
    {
        var key = HexOption("--key", "The 16-byte SM4 key", required: true);
        var command = new Command("kcv", "Key check value: first 3 bytes of SM4(key, 16 zero bytes)") { key };
        command.SetAction(parse => Run(() => Print(KeyDerivation.CheckValue(Hex(parse.GetValue(key), "--key")))));
        return command;
    }

    private static Command DiversifyCommand()
    {
        var key = HexOption("--key", "The parent SM4 key", required: true);
        var diversifiers = new Argument<string[]>("div") { Description = "8-byte diversifiers, applied in order", Arity = ArgumentArity.OneOrMore };
        var command = new Command("diversify", "child = SM4(parent, D ‖ ~D), one level per diversifier") { key, diversifiers };
        command.SetAction(parse => Run(() =>
        {
            var current = Hex(parse.GetValue(key), "--key");
            foreach (var diversifier in parse.GetValue(diversifiers)!)
            {
                current = KeyDerivation.Diversify(current, Hex(diversifier, "div"));
            }
            Print(current);
        }));
        return command;
    }

    private static Argument<string> HexArgument(string name, string description) => new(name) { Description = description + " (hex)" };

    private static Option<string> HexOption(string name, string description, bool required) =>
        new(name) { Description = description + " (hex)", Required = required };

    private static byte[] Hex(string? text, string what) => Output.Hex(text, what);

    private static void Print(ReadOnlySpan<byte> bytes) => Console.WriteLine(Convert.ToHexString(bytes));

    /// <summary>Runs a command body; bad input (wrong lengths, bad hex) prints the reason and exits 2.</summary>
    private static int Run(Action body)
    {
        try
        {
            body();
            return 0;
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }
    }
}
