using HealthCard.Domain.Common;

namespace HealthCard.App.Network;

/// <summary>The network's problem codes (issue 16).</summary>
public static class NetworkErrors
{
    public static Unavailable NationalUnreachable { get; } = new("network.national_unreachable",
        new Message("无法连接国家级平台，不能完成全国查重，本次操作未执行", "The national platform cannot be reached for the nationwide duplicate check; nothing was done"));

    public static Unavailable OwnerUnreachable(string owner) => new("network.owner_unreachable",
        new Message($"无法连接该记录所属的平台（{owner}），本次操作未执行", $"The node that owns this record ({owner}) cannot be reached; nothing was done"));

    public static Conflict NotOwner(string owner) => new("network.not_owner",
        new Message($"该记录属于平台 {owner}，本平台只保存只读副本", $"This record belongs to node {owner}; this node holds a read-only copy"));

    public static Conflict DuplicateNational { get; } = new("resident.duplicate_national",
        new Message("该证件号码已在其他省级平台登记（一人一卡，全国唯一）", "This document number is registered at another node of the national network (one card per person nationwide)"));

    public static Unavailable NotConnected { get; } = new("network.not_configured",
        new Message("本平台未加入全国网络", "This node is not part of a network"));
}
