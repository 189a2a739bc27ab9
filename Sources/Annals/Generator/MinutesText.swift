/// The words of the generated records: agenda items (议题), what speakers said
/// (发言要点), decisions (决议事项), progress notes (督办), and the reasons people give.
///
/// The vocabulary follows the meeting regulations in `seeds/` (管理办 rules for 主任
/// 办公会, 周例会, 科务会, 系统工作会议, 总结表彰大会). Templates use `{Y}` for the year,
/// `{D}` for a department's name, `{T}` for an agenda item's title.
enum MinutesText {
    /// An agenda item template and the department that presents it.
    typealias Item = (title: String, presenter: String)

    // MARK: Agenda items by kind

    /// 主任办公会: budgets, rules, projects, personnel (the seed's list of what the
    /// director's office decides).
    static let officeItems: [Item] = [
        ("研究{Y}年度临聘人员经费预算", "CWK"), ("审议《机关档案管理办法》修订稿", "DAS"),
        ("听取{Y}年上半年财务预算执行情况汇报", "CWK"), ("研究机关办公用房维修改造方案", "BGS"),
        ("审议《{Y}年政务公开工作要点》", "BGS"), ("研究公共资源交易平台升级改造项目", "GZK"),
        ("讨论向市政府报送的{Y}年工作情况报告", "ZHK"), ("研究{Y}年度目标考评和表彰奖励事项", "RSK"),
        ("研究临聘人员的吸收和辞退事项", "RSK"), ("审议《机关会议管理制度》修订稿", "BGS"),
        ("研究“一网通办”改革推进工作方案", "ZWK"), ("听取12345政务服务热线工单办理情况汇报", "ZWK"),
        ("研究优化营商环境专项行动实施方案", "YWK"), ("研究机关信息化建设项目采购事项", "XXZX"),
        ("审议《行政审批事项清单（{Y}年版）》", "FGK"), ("研究安全生产和消防安全工作", "BGS"),
        ("研究{Y}年度干部教育培训计划", "RSK"), ("研究政府采购意向公开事项", "CWK"),
        ("听取巡察反馈问题整改情况汇报", "JCK"), ("研究窗口工作人员考核管理办法", "ZWK"),
        ("研究政务服务“好差评”工作实施方案", "ZWK"), ("审议《行政执法公示制度》", "FGK"),
        ("研究网络安全等级保护测评整改工作", "XXZX"), ("研究{Y}年度到期档案移交进馆工作", "DAS"),
        ("研究工程建设项目招标投标监管工作", "GZK"), ("听取{Y}年重点工作推进情况汇报", "ZHK"),
        ("研究机关公务用车管理事项", "BGS"), ("研究“双随机、一公开”监管工作", "YWK"),
        ("研究行政复议和应诉案件办理情况", "FGK"), ("研究政务服务大厅窗口调整方案", "ZWK"),
        ("研究{Y}年度部门预算编制方案", "CWK"), ("审议《公共资源交易评标专家管理办法》", "GZK"),
    ]

    /// 党组会议.
    static let partyItems: [Item] = [
        ("传达学习上级重要会议和文件精神", "BGS"), ("研究党风廉政建设和反腐败工作", "JCK"),
        ("研究干部选拔任用事项", "RSK"), ("研究意识形态工作责任制落实情况", "BGS"),
        ("研究“三重一大”事项", "BGS"), ("审议党组理论学习中心组{Y}年学习计划", "BGS"),
        ("研究机关基层党组织建设工作", "RSK"), ("研究民主生活会准备工作", "BGS"),
        ("研究巡察整改工作", "JCK"), ("研究干部职工年度考核结果", "RSK"),
        ("研究全面从严治党主体责任清单", "JCK"), ("研究机关作风建设专项整治工作", "JCK"),
    ]

    /// 周例会: the seed's four standing items.
    static let weeklyItems: [Item] = [
        ("点评上周工作完成情况，明确本周工作重点", "BGS"), ("传达上级有关会议及重要文件精神", "BGS"),
        ("通报党组会和主任办公会作出的重大决定", "BGS"), ("部署本周安全生产和值班工作", "BGS"),
    ]

    /// 科务会: what every section does (the seed's list), then each section's own business.
    static let sectionItems = [
        "分解落实管理办部署的工作任务", "汇总本周完成的主要工作，提出下周工作重点",
        "分析本科室工作薄弱环节，提出改进措施", "学习与本科室业务相关的政策法规",
    ]

    static func sectionItems(_ code: String) -> [String] {
        switch code {
        case "BGS": ["研究公文处理和督查督办工作", "安排近期会务保障工作", "研究机关后勤保障工作"]
        case "RSK": ["研究干部年度考核工作", "研究干部教育培训安排", "研究工资福利调整事项"]
        case "CWK": ["研究季度财务报表编制工作", "研究部门预算编制工作", "研究国有资产清查工作"]
        case "FGK": ["研究规范性文件合法性审查工作", "研究行政复议案件办理", "研究普法宣传工作安排"]
        case "ZHK": ["研究综合文稿起草工作", "研究统计报表报送工作", "研究政务信息报送工作"]
        case "YWK": ["研究行政审批事项办理情况", "研究审批流程优化工作", "研究企业开办“一窗通办”工作"]
        case "ZWK": ["研究窗口服务质量提升工作", "研究12345热线工单办理工作", "研究“好差评”差评整改工作"]
        case "GZK": ["研究交易项目进场情况", "研究评标专家管理工作", "研究交易平台运行维护工作"]
        case "JCK": ["研究作风纪律检查工作", "研究廉政风险防控工作", "研究信访举报件办理工作"]
        case "XXZX": ["研究网络安全等级保护工作", "研究政务服务平台运维工作", "研究数据共享对接工作"]
        case "DAS": ["研究年度档案归档整理工作", "研究档案数字化加工工作", "研究到期档案鉴定准备工作"]
        default: []
        }
    }

    static let systemItemsMidYear: [Item] = [
        ("听取各县（市、区）上半年行政服务工作汇报", "ZWK"), ("听取各县（市、区）对系统建设工作的意见和建议", "ZWK"),
        ("传达贯彻上级重要指示及会议精神", "BGS"), ("总结上半年系统工作情况，部署下半年工作任务", "ZHK"),
    ]

    static let systemItemsYearEnd: [Item] = [
        ("听取各县（市、区）全年行政服务工作汇报", "ZWK"), ("总结{Y}年全市系统工作，研究明年工作思路", "ZHK"),
        ("传达贯彻上级重要指示及会议精神", "BGS"), ("通报公共资源交易市场年度运行情况", "GZK"),
    ]

    static let commendationItems: [Item] = [
        ("总结{Y}年度全市行政服务和公共资源交易工作", "ZHK"), ("表彰{Y}年度先进单位和先进个人", "RSK"),
        ("签订年度目标责任书", "ZHK"), ("市政府领导讲话", "BGS"),
    ]

    /// 业务研讨会, 座谈会, 经验交流会, 工作部署会: (title, organizer).
    static let seminars: [Item] = [
        ("“一网通办”改革业务研讨会", "ZWK"), ("工程建设项目审批制度改革业务研讨会", "YWK"),
        ("公共资源交易全流程电子化业务研讨会", "GZK"), ("政务服务标准化建设业务研讨会", "ZWK"),
        ("电子证照应用业务研讨会", "XXZX"), ("告知承诺制审批业务研讨会", "FGK"),
    ]
    static let symposia: [Item] = [
        ("企业代表座谈会", "YWK"), ("窗口服务质量提升座谈会", "ZWK"), ("青年干部座谈会", "RSK"),
        ("离退休老干部迎春座谈会", "RSK"), ("政务服务“好差评”群众代表座谈会", "ZWK"),
    ]
    static let exchanges: [Item] = [
        ("窗口服务经验交流会", "ZWK"), ("档案管理工作经验交流会", "DAS"), ("审批服务标准化建设经验交流会", "YWK"),
    ]
    static let discussionItems = ["交流{T}工作开展情况", "研讨推进中的难点问题", "提出下一步工作意见和建议"]

    /// Ad hoc meetings (临时会议): (topic, presenter, first year, last year).
    static let urgentTopics: [(String, String, Int, Int)] = [
        ("政务服务大厅突发停电应急处置", "BGS", 0, 9999), ("迎接省政府营商环境评价", "YWK", 0, 9999),
        ("市领导批示件办理", "BGS", 0, 9999), ("群众集中投诉事项处置", "ZWK", 0, 9999),
        ("疫情防控期间窗口服务保障", "ZWK", 2020, 2022), ("防汛应急值守", "BGS", 0, 9999),
        ("网络安全突发事件处置", "XXZX", 0, 9999), ("迎接国务院大督查", "ZHK", 0, 9999),
    ]

    // MARK: What was said

    static let reportDetails = [
        "已会同相关科室进行了调研论证", "初步方案已征求各科室意见", "所需经费已列入年度预算",
        "目前存在的主要问题是人员力量不足", "已对照上级要求逐项梳理", "已完成前期摸底调查",
        "部分事项需市财政局和市发展改革委协调", "已形成书面材料提交会议研究",
    ]
    static let comments = [
        "同意该方案，建议进一步细化责任分工，明确时间节点。", "建议加强与市财政局的沟通衔接，确保资金按时到位。",
        "要注意防范廉政风险，严格执行政府采购程序。", "建议广泛征求窗口一线人员意见后再修改完善。",
        "要做好政策解读和宣传工作，及时回应群众关切。", "同意，建议将落实情况纳入年度目标考核。",
        "建议参照兄弟城市做法，进一步优化办理流程。", "要统筹好日常工作与专项任务，确保两不误。",
    ]
    static let dissents = [
        "对经费测算依据持保留意见，建议重新核算后再提交会议研究。", "认为实施时间过紧，建议延后一个月执行。",
        "不同意现有分工方案，建议明确牵头科室后再议。", "认为该事项涉及面广，建议先行试点再全面推开。",
    ]
    static let chairSummaries = [
        "会议原则同意，请各科室提高认识、抓好落实，确保按期完成。", "此项工作事关全局，分管领导要亲自过问，定期调度。",
        "请办公室将落实情况列入督办事项，按月通报。", "请责任科室根据会议意见修改完善，抓紧组织实施。",
    ]
    /// What the chair of a routine meeting (周例会, 科务会) stresses at the end.
    static let routineChairRemarks = [
        "各岗位要对照任务清单抓好落实，周五下午3点前报送完成情况。", "要严格执行首问负责制和限时办结制。",
        "近期工作任务重，大家要合理安排，确保按时完成。", "要加强业务学习，规范办事流程，提升服务质量。",
        "节假日前要做好安全检查和值班安排。",
    ]
    static let sectionRemarks = [
        "本周各项工作按计划推进，无积压件。", "提出将任务分解到岗、责任到人。", "建议加强业务学习，提高办件质量。",
        "反映近期办件量增加，人手紧张。", "提出下周重点做好迎检准备。",
    ]
    static let guestRemarks = [
        "建议进一步压缩审批时限，推行“容缺受理”。", "反映部分事项网上办理系统不够稳定。",
        "希望窗口提供更多帮办代办服务。", "对近年来政务服务改进给予肯定，建议加大宣传力度。",
    ]

    // MARK: Follow-up, attendance, custody

    static let inProgressNotes = ["已制定工作方案，正在推进", "已完成初稿，正在征求意见", "已召开协调会，正在组织实施"]
    static let doneNotes = ["已按期完成", "已完成并印发执行", "已办结，相关材料已报办公室备案"]
    static let lateNotes = ["因需补充材料，延期完成", "受上级政策调整影响，延期办结", "已完成（超期，已书面说明原因）"]
    static let extensionReasons = [
        "需等待上级部门批复，申请延期", "涉及跨部门协调，原定时限内难以完成", "资金拨付晚于预期，申请顺延完成时限",
        "需补充调研论证，经分管领导同意延期",
    ]
    static let closingNotes = ["经核实已办结，予以销号", "办结材料已归档，同意销号", "经督查室核验，准予销号"]
    static let stalledNotes = ["受资金未到位影响，进度滞后", "涉及多部门协调，尚未办结", "待上级批复，暂未完成"]

    static let leaveReasons = [
        "赴省里参加业务培训", "出差（赴省行政服务中心对接工作）", "病假", "年休假", "参加市委党校学习",
        "陪同市领导调研", "参加市政府专题会议", "事假", "参加上级部门召开的视频会议",
    ]
    static let earlyLeaveReasons = ["赴市政府参加紧急会议", "接待来访群众", "处理窗口突发事件", "身体不适", "参加上级部门临时会议"]
    static let rescheduleReasons = ["与市政府常务会议时间冲突", "主要领导临时外出公务", "部分议题材料尚未准备完毕", "会议室临时维修"]
    static let cancelReasons = [
        "因市委临时召开重要会议，本次会议取消", "议题已并入主任办公会研究，本次会议取消", "主要领导外出，本次会议取消",
    ]
    static let sectionCancelReasons = ["科室人员集中参加培训，本次科务会取消", "科室人员外出集中办公，本次科务会取消"]

    static let accessPurposes = [
        "编写年度工作总结查阅", "审计调阅（市审计局）", "核实决议事项落实情况", "巡察调阅", "政府信息公开申请核查",
        "编研大事记", "核实干部任免依据", "信访事项复查",
    ]
    static let inspectionResults = [
        "档案完好，无霉变、虫蛀", "案卷装订完好，目录与实物一致", "个别纸张轻微泛黄，已做除尘处理",
        "电子文件可正常读取，摘要校验一致", "库房温湿度符合要求，档案完好",
    ]
    /// (reason for the hold, authority, reason for the release).
    static let holds = [
        ("市审计局专项审计调阅，暂停销毁", "市审计局", "审计工作结束，解除冻结"),
        ("信访事项复查，需保留原始记录", "市信访局", "复查完毕，解除冻结"),
        ("涉及行政诉讼案件，需保留证据", "市中级人民法院", "案件审结，解除冻结"),
        ("巡察组调阅期间冻结", "市委第三巡察组", "巡察结束，解除冻结"),
    ]

    // MARK: Filling templates

    static func fill(_ template: String, year: Int, department: String = "", title: String = "") -> String {
        template.replacing("{Y}", with: String(year)).replacing("{D}", with: department).replacing("{T}", with: title)
    }

    /// What the presenting department said when introducing an item.
    static func report(_ title: String, by department: String, _ rng: inout SplitMix64) -> String {
        let details = rng.sample(reportDetails, 2)
        return "\(department)汇报“\(title)”有关情况：\(details.joined(separator: "，"))，提请会议研究。"
    }

    /// The text of a decision (决议事项) on `title`, for `department`, due `deadline`.
    static func decision(on title: String, by department: String, due deadline: CivilDate, meetingYear: Int) -> String {
        let due = deadline.year == meetingYear ? "\(deadline.month)月\(deadline.day)日前" : "\(deadline.year)年\(deadline.month)月\(deadline.day)日前"
        if title.hasPrefix("审议"), let open = title.firstIndex(of: "《"), let close = title.lastIndex(of: "》") {
            return "原则通过\(title[open...close])，请\(department)根据会议意见修改完善后于\(due)印发执行。"
        }
        if title.hasPrefix("听取") {
            return "会议听取了\(title.dropFirst(2))，请\(department)针对存在的问题于\(due)完成整改。"
        }
        if title.hasPrefix("研究") {
            return "同意\(title.dropFirst(2))相关方案，由\(department)牵头组织实施，\(due)完成。"
        }
        return "关于“\(title)”，由\(department)负责抓好落实，\(due)完成。"
    }
}
