"""Messages: reminder settings, unsubscribe links, group robots (chalicelib/reminders)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "unsubscribe.not_a_link": ("这不是退订链接", "not an unsubscribe link"),
    "unsubscribe.invalid_link": ("退订链接无效", "this unsubscribe link is not valid"),
    "webhook.not_found": ("该部门没有设置群机器人", "this unit has no group robot"),
    "webhook.https_required": ("机器人地址必须以 https 开头", "the webhook URL must use https"),
    "webhook.wrong_host": ("{provider}机器人地址的域名应为 {hosts}", "a {provider} webhook URL points to {hosts}"),
    "webhook.provider.dingtalk": ("钉钉", "DingTalk"),
    "webhook.provider.wecom": ("企业微信", "WeCom"),
    "webhook.provider.feishu": ("飞书", "Feishu"),
}
