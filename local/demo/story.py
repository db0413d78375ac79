"""The company from our story: 融信数科, a 200-person internet-finance company founded in 2014.

Pure data and a deterministic name generator (fixed seed): the same company on every machine.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

COMPANY = "融信数科信息技术有限公司"
FOUNDED = 2014
DOMAIN = "rongxin.example.com"
PASSWORD = "Luodi-Demo-2026"  # meets the pool's policy: 12+ chars, upper, lower, digit, symbol
SEED = 2014


@dataclass(frozen=True)
class Job:
    """A job template: the 岗位说明书 (purpose, duties, qualifications)."""

    code: str
    title: str
    purpose: str
    duties: tuple[str, ...]
    qualifications: tuple[str, ...]

    def description(self) -> dict[str, object]:
        return {"purpose": self.purpose, "duties": list(self.duties), "qualifications": list(self.qualifications)}


def _job(code: str, title: str, purpose: str, duties: str, qualifications: str) -> Job:
    return Job(code, title, purpose, tuple(duties.split("；")), tuple(qualifications.split("；")))


JOBS = {
    j.code: j
    for j in [
        # 总经办
        _job(
            "CEO",
            "总经理",
            "全面负责公司经营管理，制定并落实公司发展战略与年度经营目标。",
            "制定公司战略规划与年度经营计划；主持经营分析会，统筹各部门目标分解与落地；审批重大业务、预算与人事事项；"
            "对接股东、监管机构与重要合作伙伴；推动公司绩效管理体系建设",
            "本科及以上学历，金融、经济或管理类专业；10年以上金融或互联网行业经验，5年以上高管经验；熟悉互联网金融监管政策",
        ),
        _job(
            "VP",
            "副总经理",
            "协助总经理管理分管条线，确保分管部门年度经营指标达成。",
            "组织分管部门制定年度计划与关键指标；跟踪分管部门经营数据，发现偏差并推动改进；协调跨部门重大项目；"
            "参与公司战略与预算编制",
            "本科及以上学历；8年以上金融行业管理经验；具备优秀的统筹协调与决策能力",
        ),
        _job(
            "CEO_ASST",
            "总经理助理",
            "协助总经理推进公司级重点工作，确保决策事项按时落实。",
            "组织经营会议并跟踪会议决议落实；汇总各部门周报、月报与经营数据；起草公司级文件与报告；督办跨部门重点项目",
            "本科及以上学历；3年以上总助或战略管理经验；文字功底扎实，数据分析能力强",
        ),
        _job(
            "ADMIN_LEAD",
            "行政主管",
            "保障公司日常行政后勤高效运转，控制行政费用。",
            "制定行政管理制度与年度行政预算；管理办公场地、资产与采购；组织公司会议、活动与接待；监督行政费用支出",
            "大专及以上学历；5年以上行政管理经验；具备良好的成本意识与服务意识",
        ),
        _job(
            "ADMIN",
            "行政专员",
            "完成公司行政事务，为员工提供及时的后勤服务。",
            "办理办公用品采购与固定资产登记；负责前台接待、会议室与差旅预订；维护办公环境与安全",
            "大专及以上学历；1年以上行政工作经验；细致耐心，沟通顺畅",
        ),
        # 销售部
        _job(
            "SALES_DIR",
            "销售总监",
            "带领销售部完成公司年度放款规模与营收目标，建设可持续的获客渠道。",
            "制定销售策略与年度销售计划，分解到区域与个人；管理区域销售团队与渠道合作伙伴；跟踪转化率、放款额、回款等核心指标；"
            "建设销售团队培训与激励体系；配合风控部控制新增客户风险",
            "本科及以上学历；8年以上信贷或财富管理销售经验，3年以上团队管理经验；熟悉消费金融与小微信贷产品",
        ),
        _job(
            "SALES_OPS",
            "销售运营专员",
            "为销售团队提供数据、流程与工具支持，提升销售效率。",
            "维护销售数据看板，编制日报、周报与月报；管理客户关系管理系统中的线索与商机数据；核算销售提成；支持销售活动策划",
            "本科及以上学历；2年以上销售运营或数据分析经验；熟练使用Excel与数据报表工具",
        ),
        _job(
            "ACCOUNT_MGR",
            "客户经理",
            "开发并维护个人及小微企业客户，完成个人放款与转化目标。",
            "通过线上线索与线下拜访开发新客户；为客户匹配合适的信贷产品并协助完成申请资料；跟进审批进度，提升申请到放款的转化率；"
            "维护存量客户，推动复贷与转介绍；配合贷后团队做好客户提醒",
            "大专及以上学历，金融、市场营销相关专业优先；1年以上金融产品销售经验；沟通表达能力强，抗压能力强",
        ),
        _job(
            "CHANNEL_MGR",
            "渠道经理",
            "拓展并维护合作渠道，提升渠道进件量与质量。",
            "开发汽车经销商、电商平台等合作渠道；制定渠道合作方案并推动签约；培训渠道人员，监控渠道进件质量与逾期表现；"
            "定期复盘渠道投入产出",
            "本科及以上学历；2年以上渠道拓展或商务合作经验；熟悉互联网金融业务模式",
        ),
        # 运营部
        _job(
            "OPS_DIR",
            "运营总监",
            "统筹客户服务、用户运营与贷后管理，提升客户体验与资产质量。",
            "制定运营策略与年度运营指标；管理客服、用户运营与贷后团队；监控客户满意度、活跃度与回收率；优化运营流程与系统工具",
            "本科及以上学历；8年以上互联网金融运营经验，3年以上团队管理经验；数据驱动，熟悉消费者权益保护要求",
        ),
        _job(
            "CS",
            "客服专员",
            "通过电话与在线渠道解答客户问题，处理投诉，保障服务质量。",
            "接听客户来电与在线咨询，解答产品、还款等问题；记录并跟进客户投诉，按时限闭环；识别潜在风险与舆情并及时上报；"
            "维护常见问题知识库",
            "大专及以上学历；普通话标准，服务意识强；能适应排班工作",
        ),
        _job(
            "USER_OPS",
            "用户运营专员",
            "提升用户活跃度与留存，推动存量用户复借。",
            "策划并执行用户营销活动；进行用户分层与精细化触达；分析活动数据并提出优化建议；维护App消息与社群内容",
            "本科及以上学历；1年以上互联网用户运营经验；具备数据分析能力与文案能力",
        ),
        _job(
            "COLLECTION",
            "贷后管理专员",
            "依法合规开展贷后管理，降低逾期率，提升回收率。",
            "对到期与逾期客户进行提醒与沟通；制定个性化还款方案；记录贷后沟通过程并归档；识别失联、欺诈等异常情况并上报",
            "大专及以上学历；熟悉贷后管理相关法规，严守合规底线；沟通能力与情绪管理能力强",
        ),
        # 技术部
        _job(
            "CTO",
            "技术总监",
            "负责公司技术体系与研发团队，保障业务系统稳定、安全、高效。",
            "制定技术规划与研发路线图；管理研发、测试、运维与数据团队；把控系统架构、信息安全与数据合规；控制研发成本与交付节奏",
            "本科及以上学历，计算机相关专业；10年以上软件研发经验，5年以上技术管理经验；有金融级系统架构经验",
        ),
        _job(
            "BACKEND",
            "后端开发工程师",
            "设计并开发信贷核心、支付与风控相关的后端服务。",
            "参与需求分析与系统设计；开发并维护后端服务与接口；编写单元测试，参与代码评审；排查并解决线上问题",
            "本科及以上学历，计算机相关专业；2年以上Java或Python开发经验；熟悉数据库、缓存与消息队列",
        ),
        _job(
            "FRONTEND",
            "前端开发工程师",
            "开发App、H5与管理后台，提供流畅可靠的用户体验。",
            "开发移动端H5与管理后台页面；与设计、后端协作完成需求交付；优化页面性能与兼容性；维护前端组件库",
            "本科及以上学历；2年以上前端开发经验；熟悉Vue或React，了解移动端适配",
        ),
        _job(
            "QA",
            "测试工程师",
            "保障产品交付质量，降低线上缺陷率。",
            "编写测试计划与测试用例；执行功能、接口与回归测试；建设自动化测试；跟踪缺陷直至关闭",
            "本科及以上学历；2年以上软件测试经验；熟悉接口测试与自动化测试工具",
        ),
        _job(
            "SRE",
            "运维与安全工程师",
            "保障系统可用性与信息安全，满足等保与监管要求。",
            "维护云上基础设施与发布流水线；建设监控告警并处理故障；开展安全加固、漏洞修复与权限审计；配合等保测评",
            "本科及以上学历；3年以上运维或安全经验；熟悉Linux、云平台与常见安全规范",
        ),
        _job(
            "DATA",
            "数据工程师",
            "建设数据仓库与报表体系，为经营决策与风控模型提供可靠数据。",
            "设计与开发数据仓库及数据管道；开发经营报表与指标口径；保障数据质量与数据安全；支持风控与运营的数据需求",
            "本科及以上学历，统计、计算机相关专业；2年以上数据开发经验；熟练使用SQL与至少一种编程语言",
        ),
        # 风控部
        _job(
            "RISK_DIR",
            "风控总监",
            "建立全面风险管理体系，在业务增长与资产质量之间取得平衡。",
            "制定风险政策与授信策略；管理信审、策略与反欺诈团队；监控逾期率、损失率等资产质量指标；对接监管检查与内外部审计",
            "本科及以上学历，金融、统计相关专业；8年以上信贷风控经验，3年以上团队管理经验；熟悉监管要求与风控模型",
        ),
        _job(
            "UNDERWRITER",
            "信审专员",
            "按授信政策审核贷款申请，控制准入风险。",
            "审核客户申请资料的真实性与完整性；开展电话核实与交叉验证；按权限出具审批意见；反馈审批中发现的风险线索",
            "大专及以上学历，金融相关专业优先；1年以上信审经验；细致严谨，原则性强",
        ),
        _job(
            "RISK_ANALYST",
            "风险策略分析师",
            "开发与优化授信、定价与额度策略，降低信用损失。",
            "分析资产表现与逾期原因；设计并迭代授信、额度与定价策略；监控策略效果并出具分析报告；配合模型上线与验证",
            "本科及以上学历，统计、数学或金融工程专业；2年以上风险策略经验；熟练使用SQL、Python",
        ),
        _job(
            "FRAUD_ANALYST",
            "反欺诈分析师",
            "识别并阻断欺诈申请，减少欺诈损失。",
            "监控欺诈预警并开展调查；设计反欺诈规则与名单策略；分析欺诈案件并形成案例库；与外部数据机构合作提升识别能力",
            "本科及以上学历；2年以上反欺诈或风控经验；对数据敏感，逻辑思维强",
        ),
        # 人力资源部
        _job(
            "HR_DIR",
            "人力资源总监",
            "建设与公司战略匹配的组织与人才体系，推动绩效管理落地。",
            "制定人力资源规划与年度预算；搭建组织架构、岗位体系与权责矩阵；主导绩效指标的制定、审核与考核；"
            "统筹招聘、薪酬、培训与员工关系工作",
            "本科及以上学历，人力资源或管理类专业；8年以上人力资源管理经验，熟悉金融企业绩效体系；具备良好的沟通与推动能力",
        ),
        _job(
            "COMP_PERF",
            "薪酬绩效主管",
            "组织绩效考核与薪酬核算，确保考核指标合规、结果公正。",
            "审核各部门绩效指标的合规性与可衡量性；组织绩效考核周期与结果校准；核算月度薪酬与奖金；维护薪酬绩效数据与报表",
            "本科及以上学历；4年以上薪酬绩效工作经验；熟悉劳动法规与个人所得税政策；精通Excel",
        ),
        _job(
            "RECRUITER",
            "招聘专员",
            "按编制与用人计划及时招聘合适人才。",
            "根据编制与需求发布职位、筛选简历；组织面试与背景调查；办理入职手续；维护招聘渠道与人才库",
            "本科及以上学历；1年以上招聘经验；沟通能力强，熟悉金融或互联网人才市场",
        ),
        _job(
            "TRAINING_ER",
            "培训与员工关系专员",
            "组织员工培训，维护和谐稳定的劳动关系。",
            "制定并实施年度培训计划；组织新员工入职培训；办理劳动合同、社保公积金与离职手续；处理员工咨询与劳动争议",
            "本科及以上学历；2年以上培训或员工关系经验；熟悉劳动合同法",
        ),
        # 财务部
        _job(
            "CFO",
            "财务总监",
            "负责公司财务管理、资金安全与经营分析，支持经营决策。",
            "组织预算编制与执行监控；主持财务核算、税务筹划与资金管理；开展经营分析，出具管理报告；对接审计、税务与监管报送",
            "本科及以上学历，财会相关专业，中级会计师及以上职称；8年以上财务管理经验；熟悉金融企业会计与税务",
        ),
        _job(
            "ACCT_LEAD",
            "会计主管",
            "组织会计核算，确保账务准确、报表及时。",
            "审核会计凭证与账务处理；编制月度、季度与年度财务报表；组织月结与年结；配合外部审计",
            "本科及以上学历，财会专业，中级会计师优先；5年以上会计工作经验",
        ),
        _job(
            "GL_ACCT",
            "总账会计",
            "完成日常会计核算与税务申报。",
            "编制记账凭证并登记账簿；核对往来款项与银行流水；办理纳税申报；整理归档会计资料",
            "本科及以上学历，财会专业；2年以上会计经验；熟练使用财务软件",
        ),
        _job(
            "CASHIER",
            "出纳",
            "办理资金收付与银行业务，保障资金安全。",
            "办理日常收付款与报销支付；管理银行账户、票据与印鉴；编制资金日报；配合资金对账",
            "大专及以上学历，财会专业；1年以上出纳经验；诚实可靠，细致认真",
        ),
        _job(
            "FIN_ANALYST",
            "财务分析师",
            "开展经营与成本分析，为管理层提供决策支持。",
            "建立经营分析模型与指标体系；分析收入、成本、资金成本与单位经济模型；跟踪预算执行并解释差异；支持定价与投资测算",
            "本科及以上学历，财务或经济类专业；2年以上财务分析经验；精通Excel，熟悉SQL者优先",
        ),
        _job(
            "TREASURY",
            "资金专员",
            "管理资金头寸与资金方合作，保障放款资金充足、成本可控。",
            "编制资金计划并监控头寸；对接银行与资金合作方；核对放款与回款资金；分析资金成本",
            "本科及以上学历，金融相关专业；2年以上资金管理经验",
        ),
    ]
}


def lead_job(member: Job, team_name: str) -> Job:
    """The team lead's job: the members' job plus leading the team."""
    return Job(
        code=f"{member.code}_LEAD",
        title=f"{team_name}组长",
        purpose=f"带领{team_name}完成团队目标。{member.purpose}",
        duties=("将部门目标分解为团队与个人指标，跟踪完成进度", "辅导组员，组织周例会与绩效面谈", *member.duties[:3]),
        qualifications=(*member.qualifications, "3年以上相关经验，1年以上团队管理经验"),
    )


@dataclass(frozen=True)
class Team:
    code: str
    name: str
    member_job: str
    members: int  # not counting the lead


@dataclass(frozen=True)
class Department:
    code: str
    name: str
    head_job: str
    staff: tuple[tuple[str, int], ...] = ()  # (job code, people) directly in the department
    teams: tuple[Team, ...] = ()


DEPARTMENTS = (
    Department("GMO", "总经办", "CEO", (("VP", 2), ("CEO_ASST", 1), ("ADMIN_LEAD", 1), ("ADMIN", 1))),
    Department(
        "SALES",
        "销售部",
        "SALES_DIR",
        (("SALES_OPS", 1),),
        (
            Team("SALES_EAST", "华东销售组", "ACCOUNT_MGR", 17),
            Team("SALES_SOUTH", "华南销售组", "ACCOUNT_MGR", 15),
            Team("SALES_NORTH", "华北销售组", "ACCOUNT_MGR", 13),
            Team("SALES_CHANNEL", "渠道合作组", "CHANNEL_MGR", 15),
        ),
    ),
    Department(
        "OPS",
        "运营部",
        "OPS_DIR",
        (),
        (
            Team("OPS_CS", "客户服务组", "CS", 13),
            Team("OPS_USER", "用户运营组", "USER_OPS", 7),
            Team("OPS_COLLECT", "贷后管理组", "COLLECTION", 8),
        ),
    ),
    Department(
        "TECH",
        "技术部",
        "CTO",
        (),
        (
            Team("TECH_BE", "后端开发组", "BACKEND", 15),
            Team("TECH_FE", "前端与移动组", "FRONTEND", 9),
            Team("TECH_QA", "测试组", "QA", 8),
            Team("TECH_SRE", "运维与安全组", "SRE", 7),
            Team("TECH_DATA", "数据组", "DATA", 9),
        ),
    ),
    Department(
        "RISK",
        "风控部",
        "RISK_DIR",
        (),
        (
            Team("RISK_CREDIT", "授信审批组", "UNDERWRITER", 9),
            Team("RISK_MODEL", "风险策略组", "RISK_ANALYST", 7),
            Team("RISK_FRAUD", "反欺诈组", "FRAUD_ANALYST", 6),
        ),
    ),
    Department("HR", "人力资源部", "HR_DIR", (("COMP_PERF", 1), ("RECRUITER", 1), ("TRAINING_ER", 1))),
    Department(
        "FIN", "财务部", "CFO", (("ACCT_LEAD", 1), ("GL_ACCT", 3), ("CASHIER", 2), ("FIN_ANALYST", 3), ("TREASURY", 2))
    ),
)

# People with a demo login (and a fixed name). key -> (name, pinyin, unit code, job code)
KEY_PEOPLE = {
    "ceo": ("陈建国", "chenjianguo", "GMO", "CEO"),
    "hr_director": ("周婷", "zhouting", "HR", "HR_DIR"),
    "hr_staff": ("孙丽华", "sunlihua", "HR", "COMP_PERF"),
    "sales_head": ("李强", "liqiang", "SALES", "SALES_DIR"),
    "tech_head": ("赵磊", "zhaolei", "TECH", "CTO"),
    "seller": ("王芳", "wangfang", "SALES_EAST", "ACCOUNT_MGR"),
    "engineer": ("刘洋", "liuyang", "TECH_BE", "BACKEND"),
}

# Demo logins: label, who, roles granted (manager/employee follow from the org chart), what to show.
LOGINS = (
    ("admin", "hr_director", ["admin", "hr"], "管理员 / 人力资源总监 (admin + HR)"),
    ("hr", "hr_staff", ["hr"], "HR 薪酬绩效主管"),
    ("executive", "ceo", ["executive"], "总经理 (executive)"),
    ("sales_head", "sales_head", [], "销售部负责人 (manager)"),
    ("tech_head", "tech_head", [], "技术部负责人 (manager)"),
    ("employee", "seller", [], "员工 · 销售部客户经理"),
    ("engineer", "engineer", [], "员工 · 技术部后端工程师"),
)

# fmt: off
SURNAMES = [
    ("王", "wang", 30), ("李", "li", 30), ("张", "zhang", 28), ("刘", "liu", 22), ("陈", "chen", 20),
    ("杨", "yang", 14), ("黄", "huang", 12), ("赵", "zhao", 12), ("吴", "wu", 10), ("周", "zhou", 10),
    ("徐", "xu", 8), ("孙", "sun", 8), ("马", "ma", 8), ("朱", "zhu", 7), ("胡", "hu", 7), ("郭", "guo", 6),
    ("何", "he", 6), ("高", "gao", 6), ("林", "lin", 6), ("罗", "luo", 5), ("郑", "zheng", 5),
    ("梁", "liang", 5), ("谢", "xie", 4), ("宋", "song", 4), ("唐", "tang", 4), ("许", "xu", 4),
    ("韩", "han", 4), ("冯", "feng", 4), ("邓", "deng", 4), ("曹", "cao", 3), ("彭", "peng", 3),
    ("曾", "zeng", 3), ("肖", "xiao", 3), ("田", "tian", 3), ("董", "dong", 3), ("袁", "yuan", 3),
    ("潘", "pan", 3), ("蒋", "jiang", 3), ("蔡", "cai", 3), ("余", "yu", 3), ("杜", "du", 2), ("叶", "ye", 2),
    ("程", "cheng", 2), ("苏", "su", 2), ("魏", "wei", 2), ("吕", "lv", 2), ("丁", "ding", 2), ("任", "ren", 2),
    ("沈", "shen", 2), ("姚", "yao", 2), ("卢", "lu", 2), ("姜", "jiang", 2), ("崔", "cui", 2),
    ("钟", "zhong", 2), ("谭", "tan", 2), ("陆", "lu", 2), ("汪", "wang", 2), ("范", "fan", 2),
    ("金", "jin", 2), ("石", "shi", 2), ("廖", "liao", 1), ("贾", "jia", 1), ("夏", "xia", 1),
    ("方", "fang", 1), ("白", "bai", 1), ("邹", "zou", 1), ("孟", "meng", 1), ("熊", "xiong", 1),
    ("秦", "qin", 1), ("邱", "qiu", 1), ("江", "jiang", 1), ("尹", "yin", 1), ("薛", "xue", 1),
    ("段", "duan", 1), ("雷", "lei", 1), ("侯", "hou", 1), ("龙", "long", 1), ("史", "shi", 1),
    ("陶", "tao", 1), ("黎", "li", 1), ("贺", "he", 1), ("顾", "gu", 1), ("毛", "mao", 1), ("郝", "hao", 1),
    ("龚", "gong", 1), ("邵", "shao", 1), ("钱", "qian", 1), ("严", "yan", 1),
]
# fmt: on

# fmt: off
GIVEN = [
    ("伟", "wei"), ("芳", "fang"), ("娜", "na"), ("敏", "min"), ("静", "jing"), ("丽", "li"), ("强", "qiang"),
    ("磊", "lei"), ("洋", "yang"), ("艳", "yan"), ("勇", "yong"), ("军", "jun"), ("杰", "jie"), ("娟", "juan"),
    ("涛", "tao"), ("明", "ming"), ("超", "chao"), ("霞", "xia"), ("平", "ping"), ("刚", "gang"), ("辉", "hui"),
    ("鹏", "peng"), ("丹", "dan"), ("宇", "yu"), ("倩", "qian"), ("琳", "lin"), ("颖", "ying"), ("斌", "bin"),
    ("亮", "liang"), ("凯", "kai"), ("雪", "xue"), ("晨", "chen"), ("博", "bo"), ("昊", "hao"), ("睿", "rui"),
    ("悦", "yue"), ("瑶", "yao"), ("帆", "fan"), ("晶", "jing"), ("毅", "yi"), ("秀英", "xiuying"),
    ("晓东", "xiaodong"), ("婷婷", "tingting"), ("思远", "siyuan"), ("子涵", "zihan"), ("浩然", "haoran"),
    ("雨轩", "yuxuan"), ("欣怡", "xinyi"), ("梓豪", "zihao"), ("一鸣", "yiming"), ("佳怡", "jiayi"),
    ("俊杰", "junjie"), ("文博", "wenbo"), ("嘉欣", "jiaxin"), ("志强", "zhiqiang"), ("海燕", "haiyan"),
    ("建华", "jianhua"), ("晓燕", "xiaoyan"), ("建军", "jianjun"), ("丽娟", "lijuan"), ("春梅", "chunmei"),
    ("志明", "zhiming"), ("晓峰", "xiaofeng"), ("雪梅", "xuemei"), ("文静", "wenjing"), ("宏伟", "hongwei"),
    ("天宇", "tianyu"), ("思琪", "siqi"), ("雨涵", "yuhan"), ("梦洁", "mengjie"), ("家豪", "jiahao"),
    ("子轩", "zixuan"), ("诗涵", "shihan"), ("明轩", "mingxuan"), ("晓雯", "xiaowen"), ("振华", "zhenhua"),
    ("立新", "lixin"), ("海波", "haibo"), ("永强", "yongqiang"), ("晓丽", "xiaoli"), ("红梅", "hongmei"),
    ("伟东", "weidong"), ("俊峰", "junfeng"), ("慧敏", "huimin"), ("雅琴", "yaqin"), ("建平", "jianping"),
    ("宇航", "yuhang"), ("泽宇", "zeyu"), ("欣然", "xinran"), ("可馨", "kexin"), ("晓彤", "xiaotong"),
    ("一帆", "yifan"), ("佳琪", "jiaqi"), ("紫薇", "ziwei"), ("国栋", "guodong"), ("少杰", "shaojie"),
]
# fmt: on


@dataclass
class PersonPlan:
    """One person to create: where they sit and whom they report to (by key)."""

    key: str
    name: str
    email: str
    employee_no: str
    unit: str  # unit code
    position: str  # position code
    manager: str | None  # key of the manager
    level: int  # creation wave: managers before their reports


@dataclass
class PositionPlan:
    code: str
    unit: str
    job: Job
    headcount: int


@dataclass
class UnitPlan:
    code: str
    name: str
    parent: str | None  # None: under the company root
    kind: str
    head: str = ""  # person key


@dataclass
class Plan:
    units: list[UnitPlan] = field(default_factory=list)
    positions: list[PositionPlan] = field(default_factory=list)
    people: list[PersonPlan] = field(default_factory=list)

    def person(self, key: str) -> PersonPlan:
        return next(p for p in self.people if p.key == key)


class _Names:
    def __init__(self) -> None:
        self.rng = random.Random(SEED)
        self.used = {name for name, *_ in KEY_PEOPLE.values()}
        self.emails = {py for _, py, *_ in KEY_PEOPLE.values()}
        self._weights = [w for *_, w in SURNAMES]

    def next(self) -> tuple[str, str]:
        while True:
            surname, s_py, _ = self.rng.choices(SURNAMES, weights=self._weights)[0]
            given, g_py = self.rng.choice(GIVEN)
            name = surname + given
            if name in self.used:
                continue
            self.used.add(name)
            local, n = s_py + g_py, 2
            while local in self.emails:
                local, n = f"{s_py}{g_py}{n}", n + 1
            self.emails.add(local)
            return name, f"{local}@{DOMAIN}"


def position_code(unit: str, job: str) -> str:
    return job if job.startswith(unit + "_") else f"{unit}_{job}"


def plan(small: bool = False) -> Plan:
    """The whole company: units, positions (with 岗位说明书) and 200 people with managers.

    ``small``: every unit and position, but at most two people per team and one per staff job
    (about 60 people): what the browser tests need, seeded in a fraction of the time.
    """
    names = _Names()
    result = Plan()
    numbers = iter(range(2, 1000))  # 0001 is the founder (the HR director), numbered by sign-up
    key_by_slot = {(unit, job): key for key, (_, _, unit, job) in KEY_PEOPLE.items()}

    def add(unit: str, job: str, position: str, manager: str | None, level: int, key: str = "") -> str:
        fixed = key_by_slot.pop((unit, job), None)
        if fixed:
            name, pinyin, *_ = KEY_PEOPLE[fixed]
            email = f"{pinyin}@{DOMAIN}"
        else:
            name, email = names.next()
        the_key = fixed or key or f"p{len(result.people) + 1:03d}"
        number = "0001" if fixed == "hr_director" else f"{next(numbers):04d}"
        result.people.append(PersonPlan(the_key, name, email, number, unit, position, manager, level))
        return the_key

    for dept in DEPARTMENTS:
        result.units.append(UnitPlan(dept.code, dept.name, None, "department"))
        result.positions.append(
            PositionPlan(position_code(dept.code, dept.head_job), dept.code, JOBS[dept.head_job], 1)
        )
        for job, count in dept.staff:
            result.positions.append(PositionPlan(position_code(dept.code, job), dept.code, JOBS[job], count))
        for team in dept.teams:
            member = JOBS[team.member_job]
            result.units.append(UnitPlan(team.code, team.name, dept.code, "team"))
            result.positions.append(PositionPlan(f"{team.code}_LEAD", team.code, lead_job(member, team.name), 1))
            # a vacancy or two in the bigger teams: headcount above the people holding the position
            result.positions.append(
                PositionPlan(
                    f"{team.code}_{member.code}", team.code, member, team.members + (2 if team.members >= 13 else 0)
                )
            )

    ceo = add("GMO", "CEO", position_code("GMO", "CEO"), None, 0)
    result.units[0].head = ceo
    for dept in DEPARTMENTS:
        unit = next(u for u in result.units if u.code == dept.code)
        head = (
            ceo
            if dept.code == "GMO"
            else add(dept.code, dept.head_job, position_code(dept.code, dept.head_job), ceo, 1)
        )
        unit.head = head
        for job, count in dept.staff:
            for _ in range(min(count, 1) if small else count):
                add(dept.code, job, position_code(dept.code, job), head, 2)
        for team in dept.teams:
            team_unit = next(u for u in result.units if u.code == team.code)
            lead = add(team.code, f"{team.member_job}_LEAD", f"{team.code}_LEAD", head, 2)
            team_unit.head = lead
            for _ in range(min(team.members, 2) if small else team.members):
                add(team.code, team.member_job, f"{team.code}_{team.member_job}", lead, 3)
    assert not key_by_slot, f"key people without a slot: {key_by_slot}"
    return result
