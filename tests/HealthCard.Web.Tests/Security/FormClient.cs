using System.Net;
using System.Text.RegularExpressions;
using HealthCard.TestKit;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;

namespace HealthCard.Web.Tests.Security;

/// <summary>What one request answered: status, body, the cookies it set (whole Set-Cookie lines) and where it redirects.</summary>
internal sealed record FormAnswer(int Status, string Body, IReadOnlyList<string> SetCookies, string? Location)
{
    public bool RedirectsTo(string path) => Status is 301 or 302 or 303 or 307 && Location is { } l && (l == path || l.EndsWith(path, StringComparison.Ordinal));
}

/// <summary>
/// A browser as the real host sees it, from a chosen client address: it keeps its cookies, and posts the static sign-in
/// forms (Blazor static rendering) with their antiforgery token, as an attacker's script would. The address is the
/// connection's, so each instance can be a different attacker or the owner's own browser.
/// </summary>
internal sealed partial class FormClient(HealthCardHost host, string address, IReadOnlyDictionary<string, string>? headers = null)
{
    private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

    public string Address { get; } = address;

    public IReadOnlyDictionary<string, string> Cookies => _cookies;

    /// <summary>The same browser (its cookies) talking to another node of the platform.</summary>
    public FormClient On(HealthCardHost other)
    {
        var moved = new FormClient(other, Address, headers);
        foreach (var (name, value) in _cookies)
        {
            moved._cookies[name] = value;
        }
        return moved;
    }

    /// <summary>The same browser (its cookies) seen from another address.</summary>
    public FormClient From(string otherAddress)
    {
        var moved = new FormClient(host, otherAddress, headers);
        foreach (var (name, value) in _cookies)
        {
            moved._cookies[name] = value;
        }
        return moved;
    }

    public void Forget(string cookie) => _cookies.Remove(cookie);

    public Task<FormAnswer> GetAsync(string path) => SendAsync("GET", path, null);

    /// <summary>Loads the form's page, then posts <paramref name="fields"/> (named as the page names them) with its token.</summary>
    public async Task<FormAnswer> PostFormAsync(string path, string formName, IReadOnlyDictionary<string, string> fields)
    {
        var page = await GetAsync(path);
        var token = TokenPattern().Match(page.Body);
        if (!token.Success)
        {
            throw new InvalidOperationException($"{path} has no antiforgery token (status {page.Status}).");
        }
        var form = new Dictionary<string, string>(fields) { ["_handler"] = formName, ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value) };
        return await SendAsync("POST", path, form);
    }

    private async Task<FormAnswer> SendAsync(string method, string path, IReadOnlyDictionary<string, string>? form)
    {
        var context = await host.Server.SendAsync(c =>
        {
            c.Request.Method = method;
            c.Request.Scheme = "http";
            c.Request.Host = new HostString("localhost");
            var query = path.IndexOf('?', StringComparison.Ordinal);
            c.Request.Path = query < 0 ? path : path[..query];
            c.Request.QueryString = query < 0 ? QueryString.Empty : new QueryString(path[query..]);
            c.Connection.RemoteIpAddress = IPAddress.Parse(Address);
            if (_cookies.Count > 0)
            {
                c.Request.Headers.Cookie = string.Join("; ", _cookies.Select(kv => kv.Key + "=" + kv.Value));
            }
            foreach (var (name, value) in headers ?? new Dictionary<string, string>())
            {
                c.Request.Headers[name] = value;
            }
            if (form is not null)
            {
                var body = string.Join("&", form.Select(kv => Uri.EscapeDataString(kv.Key) + "=" + Uri.EscapeDataString(kv.Value)));
                var bytes = System.Text.Encoding.UTF8.GetBytes(body);
                c.Request.ContentType = "application/x-www-form-urlencoded";
                c.Request.ContentLength = bytes.Length;
                c.Request.Body = new MemoryStream(bytes);
            }
        });
        var setCookies = context.Response.Headers.SetCookie.Select(v => v ?? "").ToList();
        foreach (var line in setCookies)
        {
            var pair = line.Split(';')[0];
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var (name, value) = (pair[..equals].Trim(), pair[(equals + 1)..].Trim());
            if (value.Length == 0 || line.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
            {
                _cookies.Remove(name);
            }
            else
            {
                _cookies[name] = value;
            }
        }
        using var reader = new StreamReader(context.Response.Body);
        var text = await reader.ReadToEndAsync();
        return new FormAnswer(context.Response.StatusCode, text, setCookies, context.Response.Headers.Location.FirstOrDefault());
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
