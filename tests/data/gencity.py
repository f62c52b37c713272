#!/usr/bin/env python3
"""gencity.py - synthetic street offices, districts and cities for grid's tests
and benchmarks: a roster in the format of grid-yaml(5) and, on request, a case
ledger in the CSV of grid-issue(1).  Python's standard library only; the same
arguments always give the same bytes.

  gencity.py --scale street > street.yaml
  gencity.py --scale city --roster city.yaml --ledger cases.csv --cases 1000000

The shape follows the street office of the seed report (秦岭路街道: 11 second-
level grids, i.e. communities, 44 third-level grids, 66 cadres sent down from
the district's departments, a party-member grid head on every grid, a street
cadre as first secretary of every community) and its case mix (805 cases over
seven categories, 98% of them resolved).  Codes follow the statistical
division codes: a district 6 digits, then 3 more per level below.
"""
import argparse
import bisect
import datetime
import random
import sys

SCALES = {
    "street":   dict(districts=1,  streets=1,   communities=11,   grids=44,    people=150),
    "district": dict(districts=1,  streets=13,  communities=150,  grids=600,   people=1950),
    "city":     dict(districts=16, streets=200, communities=2500, grids=10000, people=60000),
}

CITY = ("4101", "郑州市")
DISTRICT_NAMES = [
    "中原区", "二七区", "管城回族区", "金水区", "上街区", "惠济区", "中牟县", "巩义市",
    "荥阳市", "新密市", "新郑市", "登封市", "经开区", "高新区", "航空港区", "郑东新区",
]
# Road and place names that streets and communities are called after.
PLACES = (
    "秦岭路 桐柏路 棉纺路 林山寨 建设路 三官庙 绿东村 汝河路 中原西路 须水 航海路 "
    "大学路 福华街 嵩山路 淮河路 京广路 长江路 大同路 紫荆山 东大街 北下街 西大街 "
    "南关 城东路 商都路 经八路 花园路 丰产路 东风路 文化路 杜岭 凤凰台 未来路 "
    "南阳路 人民路 国基路 祭城路 如意湖 龙子湖 博学路 杨金路 白沙 圃田 九龙 姚桥 "
    "官渡 雁鸣湖 韩寺 郑庵 刘集 黄店 八岗 青龙山 新庄 索河 王村 高村 广武 豫龙 "
    "崔庙 贾峪 金寨 百花 兴华 二里岗 陇海 马寨 侯寨 樱桃沟 南曹 十八里河 张庄 "
    "龙王 北林路 伏牛路 互助路 友爱路 工人路 华山路 冉屯路 桃源路 锦艺 碧沙岗 "
    "五一 铁英 福寿 德化 正兴 天明 柳林 顺河 康复 金桥 青年 工农 富田 丽水 春晖"
).split()
STREET_KINDS = ["街道", "街道", "街道", "街道", "镇", "乡"]
COMMUNITY_KINDS = ["东社区", "西社区", "南社区", "北社区", "社区", "社区", "社区", "村"]

# The seven key areas of the seed report, with the cases it counted in each
# (805 in all), which set the ledger's mix; the deadlines are the office's.
CATEGORIES = [
    ("ILLEGAL_PRODUCTION", "非法生产", 72, 36),
    ("ILLEGAL_BUSINESS", "非法经营", 72, 220),
    ("ILLEGAL_CONSTRUCTION", "非法建设", 48, 181),
    ("WORK_SAFETY", "安全生产", 24, 209),
    ("PETITION_STABILITY", "信访稳定", 24, 145),
    ("GRASSROOTS_ORG", "基层组织建设", 168, 1),
    ("OTHER", "其它", 120, 4),
]
TITLES = {
    "ILLEGAL_PRODUCTION": ["无证小作坊生产", "居民楼内加工作坊", "废品收购点违规分拣", "散乱污企业复产"],
    "ILLEGAL_BUSINESS": ["无照经营早餐摊", "占道经营水果摊", "流动摊贩聚集", "违规销售烟花爆竹", "黑网吧"],
    "ILLEGAL_CONSTRUCTION": ["楼顶私搭乱建", "违规圈占绿地", "临街违建门面", "擅自改变房屋结构"],
    "WORK_SAFETY": ["消防通道堵塞", "电动车楼道充电", "燃气管道老化", "工地未设围挡", "灭火器过期"],
    "PETITION_STABILITY": ["物业纠纷", "拖欠农民工工资", "邻里纠纷", "拆迁补偿诉求", "群体上访苗头"],
    "GRASSROOTS_ORG": ["党小组活动未开展", "居民议事会未按期召开"],
    "OTHER": ["路灯损坏", "窨井盖缺失", "垃圾清运不及时", "下水道堵塞"],
}
# The district's departments that send cadres down to the grids, and the
# categories whose remit is theirs.
DEPARTMENTS = [
    ("D01", "城市管理局", ["ILLEGAL_CONSTRUCTION"]),
    ("D02", "市场监督管理局", ["ILLEGAL_BUSINESS"]),
    ("D03", "应急管理局", ["WORK_SAFETY", "ILLEGAL_PRODUCTION"]),
    ("D04", "信访局", ["PETITION_STABILITY"]),
    ("D05", "组织部", ["GRASSROOTS_ORG"]),
    ("D06", "住房和城乡建设局", []),
    ("D07", "公安分局", []),
    ("D08", "生态环境分局", []),
    ("D09", "民政局", []),
    ("D10", "卫生健康委员会", []),
    ("D11", "人力资源和社会保障局", []),
    ("D12", "自然资源和规划分局", []),
    ("D13", "消防救援大队", []),
    ("D14", "司法局", []),
    ("D15", "教育局", []),
    ("D16", "交通运输局", []),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹"
GIVEN = "伟芳娜秀敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英华玉兰红建国志文辉鹏飞斌宇浩凯晨欣雪梅琳婷慧颖丹萍鑫亮波宁俊峰成康佳怡涵瑞博思雨晓海春燕新利兵东振荣"


def split(total, parts, rng, spread=0.3):
    """`parts` positive whole numbers near total/parts that add up to `total`."""
    if parts == 0:
        return []
    if total < parts:
        sys.exit("gencity.py: cannot split %d into %d non-empty parts" % (total, parts))
    weights = [rng.uniform(1 - spread, 1 + spread) for _ in range(parts)]
    scale = (total - parts) / sum(weights)
    out = [1 + int(w * scale) for w in weights]
    for i in range(total - sum(out)):       # hand out what rounding kept back
        out[i % parts] += 1
    return out


class Unit:
    __slots__ = ("code", "name", "level", "households", "population", "children", "parent")

    def __init__(self, code, name, level, parent):
        self.code, self.name, self.level, self.parent = code, name, level, parent
        self.households = self.population = None
        self.children = []
        if parent:
            parent.children.append(self)


def place_names(n, kinds, rng):
    """n distinct names: a place and a kind, numbered once the places run out."""
    names = []
    places = rng.sample(PLACES, len(PLACES))
    for i in range(n):
        place = places[i % len(places)]
        if i >= len(places):
            place += str(i // len(places) + 1)
        names.append(place + rng.choice(kinds))
    return names


def build_units(cfg, rng, with_city):
    """The tree: a city (or the districts alone), streets, communities, grids."""
    nd = cfg["districts"]
    if not 1 <= nd <= 99:
        sys.exit("gencity.py: districts must be 1..99")
    city = Unit(CITY[0], CITY[1], "city", None) if with_city else None
    districts = []
    for i in range(nd):
        name = DISTRICT_NAMES[i] if i < len(DISTRICT_NAMES) else "第%d区" % (i + 1)
        districts.append(Unit("%s%02d" % (CITY[0], i + 2), name, "district", city))
    streets = child_units(districts, cfg["streets"], "street", STREET_KINDS, rng)
    communities = child_units(streets, cfg["communities"], "community", COMMUNITY_KINDS, rng)
    grids = []
    for c, n in zip(communities, split(cfg["grids"], len(communities), rng)):
        check_width(c, n)
        for i in range(n):
            g = Unit("%s%03d" % (c.code, i + 1), "%s第%d网格" % (c.name, i + 1), "grid", c)
            g.households = rng.randint(180, 650)
            g.population = int(g.households * rng.uniform(2.6, 3.2))
            grids.append(g)
    for c in communities:
        c.households = sum(g.households for g in c.children)
        c.population = sum(g.population for g in c.children)
    return city, districts, streets, communities, grids


def check_width(parent, n):
    if n > 999:
        sys.exit("gencity.py: %d units under %s: codes allow 999" % (n, parent.code))


def child_units(parents, total, level, kinds, rng):
    out = []
    counts = [total] if len(parents) == 1 else split(total, len(parents), rng, 0.25)
    for p, n in zip(parents, counts):
        check_width(p, n)
        for i, name in enumerate(place_names(n, kinds, rng)):
            out.append(Unit("%s%03d" % (p.code, i + 1), name, level, p))
    return out


class Person:
    __slots__ = ("id", "name", "phone", "roles", "department", "login")

    def __init__(self, n, rng, roles, department=None, login=False):
        self.id = "P%06d" % n
        given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.65 else "")
        self.name = rng.choice(SURNAMES) + given
        self.phone = "1%d%08d" % (rng.choice((35, 37, 38, 39, 50, 58, 86, 88)), (n * 7919 + 104729) % 10 ** 8)
        self.roles, self.department = roles, department
        self.login = self.id.lower() if login else None


def build_people(cfg, rng, city, districts, streets, communities, grids):
    """People and their duties: who holds which post on which unit."""
    people, duties = [], []

    def add(roles, department=None, login=False):
        p = Person(len(people) + 1, rng, roles, department, login)
        people.append(p)
        return p

    for unit in ([city] if city else []) + districts + streets:
        for _ in range(2):                      # the secretary and the head
            duties.append((unit, add(["leader"], login=True), "leader"))
    for c in communities:                       # a street cadre as first secretary
        duties.append((c, add(["leader"], login=True), "first_secretary"))
    for g in grids:                             # a party member heads every grid
        duties.append((g, add(["grid_head"], login=True), "grid_head"))
    # Cadres sent down: three for every two grids, each from one department
    # and on one grid, one in five on a neighbouring grid as well.
    for s in streets:
        sgrids = [g for c in s.children for g in c.children]
        for k in range(len(sgrids) * 3 // 2):
            g = sgrids[k % len(sgrids)]
            p = add(["dept_staff"], rng.choice(DEPARTMENTS)[0])
            duties.append((g, p, "sent_down"))
            if rng.random() < 0.2 and len(sgrids) > 1:
                duties.append((sgrids[(k + 1) % len(sgrids)], p, "sent_down"))
    rest = cfg["people"] - len(people)
    if rest < 0:
        sys.exit("gencity.py: --people must be at least %d for these units" % len(people))
    # The rest are grid members (网格员, 楼栋长, 调解员…), spread over the grids.
    for k in range(rest):
        g = grids[rng.randrange(len(grids))]
        p = add(["grid_member"])
        duties.append((g, p, rng.choice(("grid_member", "grid_member", "coordinator", "mediator"))))
    return people, duties


def q(s):
    return '"%s"' % s


def write_roster(out, city, districts, people, duties):
    w = out.write
    w("# A synthetic roster from tests/data/gencity.py.\nversion: 1\n")
    w("levels: [%s]\n" % ("city, district, street, community, grid" if city
                          else "district, street, community, grid"))
    w("categories:\n")
    owner = {k: code for code, _, cats in DEPARTMENTS for k in cats}
    for code, name, hours, _ in CATEGORIES:
        dept = ", department: %s" % owner[code] if code in owner else ""
        w("  - {code: %s, name: %s, deadline_hours: %d%s}\n" % (code, name, hours, dept))
    w("departments:\n")
    for code, name, _ in DEPARTMENTS:
        w("  - {code: %s, name: %s}\n" % (code, name))
    w("units:\n")
    for top in ([city] if city else districts):
        write_unit(w, top, "  ")
    w("people:\n")
    for p in people:
        extra = ", login: %s" % p.login if p.login else ""
        if p.department:
            extra += ", department: %s" % p.department
        w('  - {id: %s, name: %s, phone: "%s", roles: [%s]%s}\n'
          % (p.id, p.name, p.phone, ", ".join(p.roles), extra))
    w("assignments:\n")
    for unit, p, duty in duties:
        w("  - {unit: %s, person: %s, duty: %s}\n" % (q(unit.code), p.id, duty))
    w("settings:\n")
    w("  ranking: {level: community, weights: {closure: 0.4, on_time: 0.3, visits: 0.2, diary: 0.1}}\n")
    w("  timezone: Asia/Shanghai\n")


def write_unit(w, u, pad):
    figures = ""
    if u.households is not None:
        figures = ", households: %d, population: %d" % (u.households, u.population)
    if not u.children:
        w("%s- {code: %s, name: %s, level: %s%s}\n" % (pad, q(u.code), u.name, u.level, figures))
        return
    w("%s- code: %s\n%s  name: %s\n%s  level: %s\n" % (pad, q(u.code), pad, u.name, pad, u.level))
    if figures:
        w("%s  households: %d\n%s  population: %d\n" % (pad, u.households, pad, u.population))
    w("%s  children:\n" % pad)
    for c in u.children:
        write_unit(w, c, pad + "    ")


class Clock:
    """Seconds since the start of the year as the ledger's text, +08:00."""

    def __init__(self, year):
        start = datetime.date(year, 1, 1)
        days = (datetime.date(year + 1, 1, 1) - start).days
        self.days = [(start + datetime.timedelta(d)).isoformat() for d in range(days + 1)]
        self.end = days * 86400

    def text(self, t):
        d, s = divmod(t, 86400)
        return "%sT%02d:%02d:%02d+08:00" % (self.days[d], s // 3600, s // 60 % 60, s % 60)


def case_times(n, clock, rng):
    """n report times over the year, sorted, mostly in the daytime."""
    out = []
    ndays = clock.end // 86400
    for _ in range(n):
        day = rng.randrange(ndays)
        sod = rng.randrange(7 * 3600, 21 * 3600) if rng.random() < 0.85 else rng.randrange(86400)
        out.append(day * 86400 + sod)
    out.sort()
    return out


def case_row(t, deadline, handlers, clock, rng):
    """status, accepted, resolved, closed (seconds or None) and the handler.

    The cases of a year read at its last second: recent ones are still
    open, a few are rejected or stuck, most are resolved within the
    deadline and closed a day or two later; about one in twelve is late.
    """
    now = clock.end - 1
    r = rng.random()
    if r < 0.015:
        return "rejected", None, None, None, ""
    accepted = t + int(rng.lognormvariate(7.6, 0.9))          # about half an hour to a day
    if accepted > now or r < 0.019:
        return "reported", None, None, None, ""
    if r < 0.023:
        return "accepted", accepted, None, None, ""
    handler = rng.choice(handlers)
    if rng.random() < 0.92:
        took = int(deadline * rng.uniform(0.05, 0.95))
    else:
        took = int(deadline * rng.uniform(1.0, 3.0))
    resolved = accepted + took
    if resolved > now or r < 0.028:
        return "assigned", accepted, None, None, handler
    closed = resolved + rng.randrange(3600, 3 * 86400)
    if closed > now or rng.random() < 0.1:
        return "resolved", accepted, resolved, None, handler
    return "closed", accepted, resolved, closed, handler


def write_ledger(path, n, year, grids, duties, rng):
    clock = Clock(year)
    heads = {u.code: p.id for u, p, duty in duties if duty == "grid_head"}
    owner = {k: code for code, _, cats in DEPARTMENTS for k in cats}
    weights, acc = [], 0
    for c in CATEGORIES:
        acc += c[3]
        weights.append(acc)
    # Some grids find far more than others.
    grid_weights, acc = [], 0.0
    for _ in grids:
        acc += rng.lognormvariate(0, 0.7)
        grid_weights.append(acc)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("ref,unit,category,title,reported_at,status,accepted_at,resolved_at,closed_at,handler\n")
        buf = []
        for i, t in enumerate(case_times(n, clock, rng), 1):
            g = grids[bisect.bisect(grid_weights, rng.random() * grid_weights[-1])]
            code, _, hours, _ = CATEGORIES[bisect.bisect(weights, rng.randrange(weights[-1]))]
            # the department whose remit it is, or the grid's own head
            handlers = [owner[code]] * 3 + [heads[g.code]] if code in owner else [heads[g.code]]
            status, a, r, c, h = case_row(t, hours * 3600, handlers, clock, rng)
            times = ",".join(clock.text(x) if x is not None else "" for x in (t, a, r, c))
            tstamps = times.split(",", 1)
            buf.append("L%d-%07d,%s,%s,%s,%s,%s,%s,%s\n" % (
                year, i, g.code, code, rng.choice(TITLES[code]), tstamps[0], status, tstamps[1], h))
            if len(buf) == 10000:
                f.write("".join(buf))
                buf.clear()
        f.write("".join(buf))


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", choices=list(SCALES), default="street")
    ap.add_argument("--seed", type=int, default=1, help="the random seed (default 1)")
    for k in ("districts", "streets", "communities", "grids", "people"):
        ap.add_argument("--" + k, type=int, metavar="N", help="how many %s (default: the scale's)" % k)
    ap.add_argument("--roster", default="-", metavar="FILE", help="the roster's file (default: stdout)")
    ap.add_argument("--ledger", metavar="FILE", help="also write a case ledger here")
    ap.add_argument("--cases", type=int, default=1000, metavar="N", help="cases in the ledger (default 1000)")
    ap.add_argument("--year", type=int, default=2025, help="the year the ledger covers (default 2025)")
    a = ap.parse_args()
    cfg = dict(SCALES[a.scale])
    for k in cfg:
        if getattr(a, k) is not None:
            cfg[k] = getattr(a, k)
    if any(v < 1 for v in cfg.values()) or a.cases < 0:
        sys.exit("gencity.py: every count must be positive")
    rng = random.Random(a.seed)
    city, districts, streets, communities, grids = build_units(cfg, rng, cfg["districts"] > 1)
    people, duties = build_people(cfg, rng, city, districts, streets, communities, grids)
    if a.roster == "-":
        sys.stdout.reconfigure(encoding="utf-8", newline="\n")
        write_roster(sys.stdout, city, districts, people, duties)
    else:
        with open(a.roster, "w", encoding="utf-8", newline="\n") as out:
            write_roster(out, city, districts, people, duties)
    if a.ledger:
        write_ledger(a.ledger, a.cases, a.year, grids, duties, random.Random(a.seed * 7919 + a.cases))
    sys.stderr.write("gencity.py: %d units, %d people, %d assignments%s\n" % (
        (1 if city else 0) + len(districts) + len(streets) + len(communities) + len(grids),
        len(people), len(duties), ", %d cases" % a.cases if a.ledger else ""))


if __name__ == "__main__":
    main()
