using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using HealthCard.App.Persistence;
using HealthCard.Crypto.Sm4;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HealthCard.App.Security;

/// <summary>
/// Where ASP.NET Core Data Protection (session cookies, antiforgery tokens, device cookies) keeps its key ring (ADR 019):
/// in the database (<see cref="DataProtectionKey"/>), so every node behind one load balancer reads the same ring and a
/// restart keeps sessions; each key encrypted with SM4-GCM under a key derived from the data keys
/// (<see cref="DerivedKeys.DataProtectionKeyRing"/>, the key file outside the database), so the database alone opens no
/// cookie. Nothing is written to the home directory.
/// </summary>
public static class DataProtectionKeyRing
{
    public const string ApplicationName = "HealthCard";

    public static IServiceCollection AddHealthCardDataProtection(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName(ApplicationName);
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(o =>
        {
            o.XmlRepository = new DatabaseXmlRepository(sp.GetRequiredService<IServiceScopeFactory>());
            o.XmlEncryptor = new Sm4GcmXmlEncryptor(sp.GetRequiredService<DataKeys>());
        }));
        return services;
    }

    internal static byte[] Key(DataKeys keys)
    {
        var derived = keys.Derive(DerivedKeys.DataProtectionKeyRing);
        try
        {
            return derived[..Sm4Gcm.KeySize];
        }
        finally
        {
            CryptographicOperations.ZeroMemory(derived);
        }
    }

    internal static readonly byte[] Context = Encoding.ASCII.GetBytes("healthcard/data-protection-key/v1");
}

/// <summary>The key ring's elements as rows of <c>DataProtectionKeys</c>.</summary>
public sealed class DatabaseXmlRepository(IServiceScopeFactory scopes) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<HealthCardDb>();
        return db.DataProtectionKeys.AsNoTracking().OrderBy(k => k.Id).Select(k => k.Xml).AsEnumerable().Select(x => XElement.Parse(x)).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<HealthCardDb>();
        db.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
        db.SaveChanges();
    }
}

/// <summary>Encrypts a key ring element with SM4-GCM under the derived key before it is stored.</summary>
public sealed class Sm4GcmXmlEncryptor(DataKeys keys) : IXmlEncryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        ArgumentNullException.ThrowIfNull(plaintextElement);
        var plaintext = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var key = DataProtectionKeyRing.Key(keys);
        try
        {
            var sealedData = Sm4Gcm.Encrypt(key, plaintext, DataProtectionKeyRing.Context);
            var element = new XElement("sm4gcm", new XComment(" SM4-GCM under a key derived from the HealthCard data keys (ADR 019) "),
                new XElement("value", Convert.ToBase64String(sealedData)));
            return new EncryptedXmlInfo(element, typeof(Sm4GcmXmlDecryptor));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }
}

/// <summary>Opens what <see cref="Sm4GcmXmlEncryptor"/> sealed (Data Protection creates it with the service provider).</summary>
public sealed class Sm4GcmXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        ArgumentNullException.ThrowIfNull(encryptedElement);
        var sealedData = Convert.FromBase64String((string?)encryptedElement.Element("value")
            ?? throw new CryptographicException("The key ring element holds no value."));
        var key = DataProtectionKeyRing.Key(services.GetRequiredService<DataKeys>());
        try
        {
            if (!Sm4Gcm.TryDecrypt(key, sealedData, DataProtectionKeyRing.Context, out var plaintext))
            {
                throw new CryptographicException("A Data Protection key does not open with this node's data keys (another key file?).");
            }
            try
            {
                return XElement.Parse(Encoding.UTF8.GetString(plaintext));
            }
            finally
            {
                CryptographicOperations.ZeroMemory(plaintext);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }
}
