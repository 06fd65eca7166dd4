using HealthCard.App.Common;

namespace HealthCard.Web.Console.Shared;

/// <summary>
/// The scope policies as constants, for <c>[Authorize(Policy = ...)]</c> attributes, which cannot call
/// <see cref="Security.ConsoleSecurity.PolicyFor"/>. Each equals <c>ConsoleSecurity.PolicyFor(scope)</c>.
/// </summary>
public static class ConsolePolicies
{
    private const string Prefix = "console:";

    public const string RegistryRead = Prefix + Scope.RegistryRead;
    public const string AuditRead = Prefix + Scope.AuditRead;
    public const string KeysManage = Prefix + Scope.KeysManage;
    public const string UsersManage = Prefix + Scope.UsersManage;
}
