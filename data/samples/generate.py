#!/usr/bin/env python3
"""Generate the sample inventories in data/samples/.

One evolving force is simulated per party, date after date, so that a UID
always names the same physical item and consecutive samples differ only by
the changes needed to reach the next date's figures.  For every New START
data exchange the counts reproduce the official aggregates exactly
(newstart-aggregates.csv, next to this file); the per-type figures behind
them are in the two tables below.  What is published and what is chosen is
said next to each table and in README.md.

Usage: python3 data/samples/generate.py
Standard library only; no randomness: rerunning writes identical bytes.
"""

import csv
import os

HERE = os.path.dirname(os.path.abspath(__file__))
AGGREGATES = os.path.join(HERE, "newstart-aggregates.csv")

HEADER_NS = ["record", "id", "type", "status", "facility", "warheads",
             "contained_in", "name", "model", "location", "submarine"]
HEADER_SUCCESSOR = HEADER_NS[:10] + ["role"]

# Most warheads a missile of each model may carry (treaty definition).
MAX_WARHEADS = {
    "Minuteman III": 3, "Trident II D5": 8, "Peacekeeper": 10,
    "RS-24 Yars": 4, "RS-12M2 Topol-M": 1, "RS-12M Topol": 1,
    "RS-20V Voevoda": 10, "UR-100NUTTKh": 6, "R-29RMU2 Sineva": 4,
    "RSM-56 Bulava": 6,
}

# ---------------------------------------------------------------------------
# Facilities: (id, kind, name, location).  Place names are real; which item
# sits where is illustrative.  "-CE" sites are where eliminated items are
# recorded (silos are destroyed in place, so each silo field has one).

US_FACILITIES = [
    ("US-FE-WARREN", "icbm_base", "F.E. Warren AFB", "Wyoming"),
    ("US-MALMSTROM", "icbm_base", "Malmstrom AFB", "Montana"),
    ("US-MINOT-ICBM", "icbm_base", "Minot AFB (missile field)", "North Dakota"),
    ("US-KINGS-BAY", "submarine_base", "Naval Submarine Base Kings Bay", "Georgia"),
    ("US-BANGOR", "submarine_base", "Naval Base Kitsap-Bangor", "Washington"),
    ("US-WHITEMAN", "air_base", "Whiteman AFB", "Missouri"),
    ("US-BARKSDALE", "air_base", "Barksdale AFB", "Louisiana"),
    ("US-MINOT-AB", "air_base", "Minot AFB (bomber wing)", "North Dakota"),
    ("US-DYESS", "air_base", "Dyess AFB", "Texas"),
    ("US-ELLSWORTH", "air_base", "Ellsworth AFB", "South Dakota"),
    ("US-DAVIS-MONTHAN", "air_base", "Davis-Monthan AFB (aircraft storage)", "Arizona"),
    ("US-VANDENBERG", "test_range", "Vandenberg AFB", "California"),
    ("US-EDWARDS", "test_range", "Edwards AFB", "California"),
    ("US-HILL", "storage_facility", "Hill AFB", "Utah"),
    ("US-SWFLANT", "storage_facility", "Strategic Weapons Facility Atlantic", "Georgia"),
    ("US-SWFPAC", "storage_facility", "Strategic Weapons Facility Pacific", "Washington"),
    ("US-TINKER", "repair_facility", "Tinker AFB", "Oklahoma"),
    ("US-PALMDALE", "repair_facility", "Air Force Plant 42, Palmdale", "California"),
    ("US-DAVIS-MONTHAN-CE", "conversion_elimination_facility",
     "Davis-Monthan AFB elimination facility", "Arizona"),
    ("US-MALMSTROM-CE", "conversion_elimination_facility",
     "Malmstrom AFB silo elimination site", "Montana"),
    ("US-FE-WARREN-CE", "conversion_elimination_facility",
     "F.E. Warren AFB silo elimination site", "Wyoming"),
    ("US-VANDENBERG-CE", "conversion_elimination_facility",
     "Vandenberg AFB silo elimination site", "California"),
]

RU_FACILITIES = [
    ("RU-KOZELSK", "icbm_base", "Kozelsk", "Kaluga Oblast"),
    ("RU-TATISHCHEVO", "icbm_base", "Tatishchevo", "Saratov Oblast"),
    ("RU-DOMBAROVSKY", "icbm_base", "Dombarovsky", "Orenburg Oblast"),
    ("RU-UZHUR", "icbm_base", "Uzhur", "Krasnoyarsk Krai"),
    ("RU-TEYKOVO", "icbm_base", "Teykovo", "Ivanovo Oblast"),
    ("RU-YOSHKAR-OLA", "icbm_base", "Yoshkar-Ola", "Mari El"),
    ("RU-NOVOSIBIRSK", "icbm_base", "Novosibirsk", "Novosibirsk Oblast"),
    ("RU-IRKUTSK", "icbm_base", "Irkutsk", "Irkutsk Oblast"),
    ("RU-BARNAUL", "icbm_base", "Barnaul", "Altai Krai"),
    ("RU-NIZHNY-TAGIL", "icbm_base", "Nizhny Tagil", "Sverdlovsk Oblast"),
    ("RU-VYPOLZOVO", "icbm_base", "Vypolzovo", "Tver Oblast"),
    ("RU-YURYA", "icbm_base", "Yurya", "Kirov Oblast"),
    ("RU-GADZHIYEVO", "submarine_base", "Gadzhiyevo", "Murmansk Oblast"),
    ("RU-VILYUCHINSK", "submarine_base", "Vilyuchinsk", "Kamchatka Krai"),
    ("RU-SEVERODVINSK", "submarine_base", "Severodvinsk", "Arkhangelsk Oblast"),
    ("RU-ENGELS", "air_base", "Engels", "Saratov Oblast"),
    ("RU-UKRAINKA", "air_base", "Ukrainka", "Amur Oblast"),
    ("RU-PLESETSK", "test_range", "Plesetsk", "Arkhangelsk Oblast"),
    ("RU-KAPUSTIN-YAR", "test_range", "Kapustin Yar", "Astrakhan Oblast"),
    ("RU-ZHUKOVSKY", "test_range", "Zhukovsky flight test centre", "Moscow Oblast"),
    ("RU-VOTKINSK", "production_facility", "Votkinsk Machine Building Plant", "Udmurtia"),
    ("RU-KAZAN", "production_facility", "Kazan aircraft plant", "Tatarstan"),
    ("RU-TAGANROG", "repair_facility", "Taganrog aircraft repair plant", "Rostov Oblast"),
    ("RU-PIBANSHUR", "storage_facility", "Piban'shur", "Udmurtia"),
    ("RU-OKOLNAYA", "loading_facility", "Okolnaya Bay", "Murmansk Oblast"),
    ("RU-VOTKINSK-CE", "conversion_elimination_facility",
     "Votkinsk elimination facility", "Udmurtia"),
    ("RU-SUROVATIKHA", "conversion_elimination_facility", "Surovatikha",
     "Nizhny Novgorod Oblast"),
    ("RU-DOMBAROVSKY-CE", "conversion_elimination_facility",
     "Dombarovsky silo elimination site", "Orenburg Oblast"),
    ("RU-UZHUR-CE", "conversion_elimination_facility",
     "Uzhur silo elimination site", "Krasnoyarsk Krai"),
    ("RU-KOZELSK-CE", "conversion_elimination_facility",
     "Kozelsk silo elimination site", "Kaluga Oblast"),
    ("RU-TATISHCHEVO-CE", "conversion_elimination_facility",
     "Tatishchevo silo elimination site", "Saratov Oblast"),
]

# ---------------------------------------------------------------------------
# Per-date targets, United States.
#
# Published per-type figures (US State Department New START fact sheets and
# their reporting) that the table reproduces exactly:
#   2013-03-01  449 deployed MM III; 314 non-deployed MM III + Peacekeeper;
#               232 deployed / 176 non-deployed Trident II; 111 deployed and
#               24 non-deployed B-2A + B-52 (B-52G included)
#   2012-03-01, 2012-09-01  36 and 30 retired B-52G at Davis-Monthan, counted
#               as deployed heavy bombers
#   2014-03-01  449 deployed MM III; 57 non-deployed MM III launchers, of
#               them 6 test; B-2A 11 deployed / 9 non-deployed; B-52H 78 / 11
#   2014-09-01  447 deployed MM III, 251 non-deployed; 19 non-deployed MM III
#               launchers; 56 Peacekeeper missiles and 1 launcher; B-2A
#               10 / 10; B-52H 77 / 12
#   2017-03-01  405 deployed MM III (136 F.E. Warren, 133 Malmstrom,
#               136 Minot), 220 Trident II (100 Kings Bay, 120 Bangor),
#               12 B-2A + 36 B-52H deployed, 41 B-52H converted
#   2017-09-01  212 Trident II deployed in 280 SLBM launchers
#   2020-09-01  397 MM III / 230 Trident II / 12 B-2A + 36 B-52H deployed;
#               454 ICBM launchers incl. 4 test; 280 SLBM launchers; 261 and
#               234 non-deployed missiles; B-2A 8 and B-52H 10 non-deployed,
#               of them 1 and 4 test; 41 B-52H converted
# Posture facts: one warhead per MM III from mid-2014; 450 silos + 4 test
# launchers; 14 Ohio SSBNs, 4 of 24 tubes per boat deactivated (56) before
# February 2018; 20 B-2A + 46 B-52H nuclear-capable after 41 B-52H
# conversions (29 operational, 12 stored); the B-1B exhibited as
# non-nuclear in 2011.
# Everything else is chosen.  d5 and d5_wh are derived on every date: the
# official deployed-vehicle and warhead totals minus all other entries.
#
# Columns (counts at the date; *_all = every missile held, deployed or not):
#  mm3 mm3_wh mm3_all   deployed Minuteman III, their warheads, all MM III
#  s564                 empty silos of the inactivated 564th Missile Squadron
#  mm3_tst              MM III test launchers at Vandenberg (2 converted 2016)
#  pk_sil pk_tst pk_all Peacekeeper silos at F.E. Warren, test silo, missiles
#  tubes d5 d5_wh d5_all  accountable SLBM launchers, deployed Trident II,
#                         their warheads, all Trident II
#  b2d b2r b2t          B-2A deployed / at repair / test
#  b52d b52r b52t b52c  operational B-52H deployed / repair / test /
#                       converted so far
#  b52s b52s_c          B-52H in storage at Davis-Monthan (counted as
#                       deployed) / stored ones converted so far
#  b52g                 retired B-52G at Davis-Monthan (counted as deployed)
#  b1d b1r b1t b1c      B-1B deployed / repair / test / converted so far

US_TABLE = """
as_of       mm3 mm3_wh mm3_all s564 mm3_tst | pk_sil pk_tst pk_all | tubes  d5 d5_wh d5_all | b2d b2r b2t | b52d b52r b52t b52c | b52s b52s_c | b52g | b1d b1r b1t b1c
2011-02-05  449    500     716   50       6 |     50      1     58 |   336 230  1097    404 |  13   6   1 |   60   12    3    0 |   16      0 |   54 |  60   4   2   0
2011-09-01  448    495     714   50       6 |     50      1     58 |   336 244  1165    405 |  14   5   1 |   61   11    3    0 |   16      0 |   39 |   0   0   0  66
2012-03-01  449    490     712   50       6 |     50      1     58 |   336 236  1120    406 |  13   6   1 |   62   10    3    0 |   16      0 |   36 |   0   0   0  66
2012-09-01  449    485     709   50       6 |     50      1     58 |   336 235  1115    407 |  14   5   1 |   62   10    3    0 |   16      0 |   30 |   0   0   0  66
2013-03-01  449    475     705   50       6 |     50      1     58 |   336 232  1068    408 |  12   7   1 |   59   13    3    0 |   14      0 |   26 |   0   0   0  66
2013-09-01  448    470     702   50       6 |     43      1     57 |   336 253  1110    408 |  12   7   1 |   62   10    3    0 |   14      0 |   20 |   0   0   0  66
2014-03-01  449    460     700   50       6 |      0      1     56 |   336 240  1036    408 |  11   7   2 |   64    8    3    0 |   14      0 |    0 |   0   0   0  66
2014-09-01  447    447     698   10       6 |      0      1     56 |   336 260  1108    408 |  10   8   2 |   63    8    4    0 |   14      0 |    0 |   0   0   0  66
2015-03-01  448    448     695    0       6 |      0      1     56 |   336 253  1065    410 |  11   8   1 |   61    8    4    2 |   12      0 |    0 |   0   0   0  66
2015-09-01  446    446     692    0       6 |      0      1     48 |   336 230  1006    416 |  12   7   1 |   62    7    4    2 |   12      0 |    0 |   0   0   0  66
2016-03-01  440    440     689    0       4 |      0      0     40 |   336 231   971    422 |  12   7   1 |   46    6    4   19 |   12      0 |    0 |   0   0   0  66
2016-09-01  415    415     686    0       4 |      0      0     32 |   328 219   905    427 |  11   8   1 |   36    6    4   29 |    0     12 |    0 |   0   0   0  66
2017-03-01  405    405     683    0       4 |      0      0     24 |   300 220   958    432 |  12   7   1 |   36    6    4   29 |    0     12 |    0 |   0   0   0  66
2017-09-01  400    400     680    0       4 |      0      0     16 |   280 212   945    437 |  12   7   1 |   36    6    4   29 |    0     12 |    0 |   0   0   0  66
2018-02-05  400    400     677    0       4 |      0      0      8 |   280 203   901    441 |  13   6   1 |   36    6    4   29 |    0     12 |    0 |   0   0   0  66
2018-09-01  400    400     674    0       4 |      0      0      0 |   280 210   949    445 |  12   7   1 |   37    5    4   29 |    0     12 |    0 |   0   0   0  66
2019-03-01  398    398     671    0       4 |      0      0      0 |   280 208   917    449 |  13   6   1 |   37    5    4   29 |    0     12 |    0 |   0   0   0  66
2019-09-01  399    399     668    0       4 |      0      0      0 |   280 221   929    453 |  12   7   1 |   36    6    4   29 |    0     12 |    0 |   0   0   0  66
2020-03-01  396    396     664    0       4 |      0      0      0 |   280 209   927    458 |  13   6   1 |   37    5    4   29 |    0     12 |    0 |   0   0   0  66
2020-09-01  397    397     658    0       4 |      0      0      0 |   280 230  1012    464 |  12   7   1 |   36    6    4   29 |    0     12 |    0 |   0   0   0  66
2021-03-01  400    400     655    0       4 |      0      0      0 |   280 201   907    468 |  13   6   1 |   37    5    4   29 |    0     12 |    0 |   0   0   0  66
2021-09-01  400    400     652    0       4 |      0      0      0 |   280 217   941    472 |  12   7   1 |   36    6    4   29 |    0     12 |    0 |   0   0   0  66
2022-03-01  400    400     649    0       4 |      0      0      0 |   280 236  1065    476 |  13   6   1 |   37    5    4   29 |    0     12 |    0 |   0   0   0  66
2022-09-01  399    399     646    0       4 |      0      0      0 |   280 214   975    480 |  11   8   1 |   35    7    4   29 |    0     12 |    0 |   0   0   0  66
2023-03-01  400    400     643    0       4 |      0      0      0 |   280 212   969    484 |  13   6   1 |   37    5    4   29 |    0     12 |    0 |   0   0   0  66
"""

# Published base-by-base splits of deployed missiles (1 March 2017).
US_BY_FACILITY = {
    ("2017-03-01", "MM3"): {"US-FE-WARREN": 136, "US-MALMSTROM": 133,
                            "US-MINOT-ICBM": 136},
    ("2017-03-01", "D5"): {"US-KINGS-BAY": 100, "US-BANGOR": 120},
}

# ---------------------------------------------------------------------------
# Per-date targets, Russia.  Russia published no per-type figures, so every
# column is chosen; the official totals are exact on every date.  Choices
# follow public descriptions of the force: RS-20V with up to 10 warheads;
# the old UR-100NUTTKh retired by 2020 and the type back at Dombarovsky as
# the Avangard carrier (1 warhead) from 2020; 60 silo and 18 mobile
# Topol-M; Topol replaced division by division by Yars; Yars silos at
# Kozelsk from 2019; six Delta IV with 16 Sineva each; Borei boats with 16
# Bulava each, counted from the first data date after commissioning
# (2013-03, 2014-03, 2015-03, 2020-09, 2022-03); loads cut before the
# February 2018 limits date.  Early 2022 (FAS estimate: about 812 warheads
# on ICBMs and 576 on SLBMs) the table gives 830 and 576.
# Derived on every date so that the official totals are exact: tp (deployed
# vehicles), rs_wh (deployed warheads), tp_l (launchers) and t95.
# Constant and not in the table: 60 Topol-M silos at Tatishchevo and 18
# mobile Topol-M at Teykovo (all deployed, 1 warhead; 4 and 2 spare
# missiles), 8 test launchers (Topol 2 at Plesetsk and 2 at Kapustin Yar,
# Yars 2 and Topol-M 2 at Plesetsk), 96 Delta IV tubes and 112 Sineva
# missiles, 20 tubes on the Bulava trials boat TK-208 Dmitry Donskoy, and
# 76 heavy bombers (60 Tu-95MS, 16 Tu-160).
#
# Columns:
#  rs_sil rs rs_wh rs_all    RS-20V silos, deployed, warheads, all missiles
#  ur_sil ur ur_wh ur_all    UR-100NUTTKh silos at Kozelsk and Tatishchevo
#  av_sil av av_all          UR-100NUTTKh (Avangard carrier) at Dombarovsky
#  tp_l tp tp_all            Topol launchers, deployed missiles, all missiles
#  ym_l ym ym_wh ym_all      mobile Yars
#  ys_sil ys ys_wh ys_all    silo Yars at Kozelsk
#  sin sin_wh                deployed Sineva and their warheads
#  bul_l bul bul_wh bul_all  Borei tubes, deployed Bulava, warheads, all
#  t160 r160 x160            Tu-160 deployed / at repair / test
#  t95 r95 x95               Tu-95MS deployed / at repair / test

RU_TABLE = """
as_of       rs_sil rs rs_wh rs_all | ur_sil ur ur_wh ur_all | av_sil av av_all | tp_l  tp tp_all | ym_l  ym ym_wh ym_all | ys_sil ys ys_wh ys_all | sin sin_wh | bul_l bul bul_wh bul_all | t160 r160 x160 | t95 r95 x95
2011-02-05     104 58   498     78 |    130 60   360     80 |      0  0      0 |  335 161    181 |   18  18    54     22 |      0  0     0      0 |  80    320 |     0   0      0      10 |   12    3    1 |  54   5   1
2011-09-01     104 58   530     78 |    130 58   348     78 |      0  0      0 |  335 152    172 |   24  24    72     28 |      0  0     0      0 |  80    320 |     0   0      0      12 |   12    3    1 |  54   5   1
2012-03-01     104 56   522     76 |    130 56   336     76 |      0  0      0 |  335 146    166 |   34  30    90     36 |      0  0     0      0 |  64    256 |     0   0      0      14 |   12    3    1 |  52   7   1
2012-09-01     104 56   530     76 |    130 54   324     74 |      0  0      0 |  335 139    159 |   37  36   108     42 |      0  0     0      0 |  64    256 |     0   0      0      16 |   12    3    1 |  52   7   1
2013-03-01     104 55   507     75 |    130 52   312     72 |      0  0      0 |  330 137    157 |   42  42   126     48 |      0  0     0      0 |  64    256 |    16   0      0      18 |   12    3    1 |  52   7   1
2013-09-01     100 54   491     74 |    124 50   300     70 |      0  0      0 |  328 133    153 |   48  48   144     54 |      0  0     0      0 |  48    192 |    16   0      0      20 |   12    3    1 |  50   9   1
2014-03-01      96 54   512     74 |    118 50   300     70 |      0  0      0 |  325 131    151 |   57  57   171     65 |      0  0     0      0 |  64    256 |    32   0      0      22 |   12    3    1 |  52   7   1
2014-09-01      96 54   467     74 |    118 50   300     70 |      0  0      0 |  321 120    140 |   66  66   198     74 |      0  0     0      0 |  80    320 |    32  16     96      24 |   12    3    1 |  52   7   1
2015-03-01      92 54   475     74 |    110 46   276     66 |      0  0      0 |  290 118    138 |   72  72   216     80 |      0  0     0      0 |  64    256 |    48  16     96      26 |   12    3    1 |  55   4   1
2015-09-01      90 54   462     74 |    104 40   240     60 |      0  0      0 |  276 112    132 |   81  81   243     89 |      0  0     0      0 |  64    256 |    48  32    192      40 |   12    3    1 |  53   6   1
2016-03-01      88 52   506     72 |     98 36   216     56 |      0  0      0 |  254  93    107 |   90  90   270    100 |      0  0     0      0 |  80    320 |    48  32    192      42 |   12    3    1 |  48  11   1
2016-09-01      86 52   512     72 |     92 30   180     50 |      0  0      0 |  244  63     77 |   99  99   297    109 |      0  0     0      0 |  80    320 |    48  48    288      56 |   12    3    1 |  46  13   1
2017-03-01      82 50   446     70 |     86 30   180     50 |      0  0      0 |  214  63     71 |  108 108   324    118 |      0  0     0      0 |  80    320 |    48  48    288      58 |   12    3    1 |  54   5   1
2017-09-01      78 50   330     70 |     80 24   144     44 |      0  0      0 |  192  63     71 |  114 114   342    124 |      0  0     0      0 |  64    256 |    48  48    288      60 |   12    3    1 |  48  11   1
2018-02-05      76 48   333     68 |     76 20   100     40 |      0  0      0 |  181  63     67 |  120 120   240    132 |      0  0     0      0 |  80    320 |    48  48    240      62 |   12    3    1 |  58   1   1
2018-09-01      74 48   337     68 |     72 14    70     34 |      0  0      0 |  177  60     64 |  126 126   252    138 |      0  0     0      0 |  80    320 |    48  48    240      64 |   12    3    1 |  51   8   1
2019-03-01      72 46   373     66 |     66 10    50     30 |      0  0      0 |  158  60     60 |  132 132   264    144 |      6  6    12      8 |  80    320 |    48  48    240      66 |   12    3    1 |  52   7   1
2019-09-01      70 46   407     66 |     62  6    30     26 |      0  0      0 |  155  57     57 |  138 138   276    150 |      6  6    12      8 |  64    256 |    48  48    240      68 |   12    3    1 |  58   1   1
2020-03-01      70 46   400     66 |     58  0     0     20 |      2  2      2 |  147  54     54 |  141 141   282    153 |     10 10    20     12 |  48    192 |    48  48    240      70 |   12    3    1 |  46  13   1
2020-09-01      70 46   442     66 |     54  0     0     20 |      2  2      2 |  139  45     45 |  147 147   294    159 |     10 10    20     12 |  64    256 |    64  48    240      72 |   12    3    1 |  58   1   1
2021-03-01      70 46   372     66 |     50  0     0     20 |      2  2      2 |  138  36     36 |  153 153   306    165 |     12 12    24     14 |  64    256 |    64  64    320      74 |   12    3    1 |  50   9   1
2021-09-01      70 46   356     66 |     46  0     0     20 |      2  2      2 |  109  30     30 |  161 161   322    173 |     12 12    24     14 |  64    256 |    64  64    320      76 |   12    3    1 |  58   1   1
2022-03-01      70 46   366     66 |     42  0     0     20 |      4  4      4 |  107  22     22 |  164 164   328    176 |     16 16    32     18 |  64    256 |    80  64    320      78 |   12    3    1 |  56   3   1
2022-09-01      70 46   355     66 |     40  0     0     20 |      6  4      4 |   97  12     12 |  170 170   340    182 |     18 18    36     20 |  64    256 |    80  80    400      88 |   12    3    1 |  56   3   1
"""


def parse_table(text):
    """Rows of a whitespace table as dicts; '|' only groups columns."""
    lines = [l.replace("|", " ").split() for l in text.strip().splitlines()]
    names = lines[0]
    rows = []
    for cells in lines[1:]:
        row = {"as_of": cells[0]}
        for name, cell in zip(names[1:], cells[1:]):
            row[name] = int(cell)
        rows.append(row)
    return rows


# ---------------------------------------------------------------------------
# The simulation.


class Item:
    __slots__ = ("uid", "type", "status", "facility", "warheads",
                 "contained_in", "model", "submarine")

    def __init__(self, uid, type_, status, facility, model, warheads=None,
                 submarine=""):
        self.uid = uid
        self.type = type_
        self.status = status
        self.facility = facility
        self.warheads = warheads
        self.contained_in = ""
        self.model = model
        self.submarine = submarine


class Force:
    """One party's accountable items, evolving date by date."""

    def __init__(self, party):
        self.party = party
        self.items = {}
        self.counters = {}
        self.t = 0          # index of the date being built

    def new(self, prefix, type_, status, facility, model, warheads=None,
            submarine=""):
        n = self.counters.get(prefix, 0) + 1
        self.counters[prefix] = n
        uid = "%s-%s-%04d" % (self.party, prefix, n)
        item = Item(uid, type_, status, facility, model, warheads, submarine)
        self.items[uid] = item
        return item


class Group:
    """Launchers of one line at one place (a silo field, a submarine)."""

    def __init__(self, facility, capacity, initial=0, deployed=None,
                 submarine="", storage=None, ce=None):
        self.facility = facility
        self.capacity = capacity
        self.initial = initial
        self.initial_deployed = deployed
        self.submarine = submarine
        self.storage = storage
        self.ce = ce
        self.launchers = []     # active (accountable) launchers, in order
        self.since = 0          # date the group last became empty/non-empty
        self.converted = False


class MissileLine:
    """Missiles of one model and the launchers that hold them.

    policy says which launcher is loaded or emptied next:
      balanced  keep the groups level (ICBM silo fields)
      ordered   load groups in list order, empty them in unload_order
      packed    keep submarines full: finish a partly loaded boat first,
                then the boat idle longest; empty the emptiest boat, then
                the one loaded longest
    """

    def __init__(self, key, model, kind, groups, policy="ordered",
                 unload_order=None, elim_order=None, storage=None,
                 new_at=None, missile_ce=None, band=(1, 1), test=False,
                 reduce="eliminate", quantum=1):
        self.key = key
        self.model = model
        self.kind = kind                    # icbm or slbm
        self.groups = groups
        self.policy = policy
        self.unload_order = [groups[i] for i in (unload_order or range(len(groups)))]
        self.elim_order = [groups[i] for i in (elim_order or range(len(groups)))]
        for g in groups:
            g.storage = g.storage or storage
        self.new_at = new_at or [storage]
        self.missile_ce = missile_ce
        self.band = band
        self.test = test
        self.reduce = reduce
        self.quantum = quantum
        self.content = {}       # launcher uid -> missile uid
        self.stock = []         # non-deployed missiles
        self.group_of = {}      # launcher uid -> group
        self.deployed = []      # missile uids in launchers

    # -- helpers ------------------------------------------------------------
    def loaded(self, g):
        return sum(1 for l in g.launchers if l in self.content)

    def empty(self, g):
        return [l for l in g.launchers if l not in self.content]

    def n_launchers(self):
        return sum(len(g.launchers) for g in self.groups)

    def n_deployed(self, facility=None):
        return sum(self.loaded(g) for g in self.groups
                   if facility is None or g.facility == facility)

    def launcher_status(self, f, l):
        item = f.items[l]
        if self.test:
            item.status = "test"
        else:
            item.status = "deployed" if l in self.content else "non_deployed"

    def add_launcher(self, f, g):
        prefix = "ICBML" if self.kind == "icbm" else "SLBML"
        item = f.new(prefix, self.kind + "_launcher", "non_deployed",
                     g.facility, self.model, submarine=g.submarine)
        g.launchers.append(item.uid)
        self.group_of[item.uid] = g
        self.launcher_status(f, item.uid)

    def new_missile(self, f, facility):
        prefix = "ICBM" if self.kind == "icbm" else "SLBM"
        return f.new(prefix, self.kind, "non_deployed", facility, self.model,
                     warheads=0)

    def touch_group(self, f, g, before):
        if (before == 0) != (self.loaded(g) == 0):
            g.since = f.t

    # -- loading --------------------------------------------------------------
    def load(self, f, l, fresh):
        g = self.group_of[l]
        before = self.loaded(g)
        if self.stock:
            here = [m for m in self.stock if f.items[m].facility == g.storage]
            m = min(here or self.stock)
            self.stock.remove(m)
            missile = f.items[m]
        else:
            missile = self.new_missile(f, g.facility)
        missile.status = "deployed"
        missile.facility = g.facility
        missile.contained_in = l
        missile.submarine = g.submarine
        self.content[l] = missile.uid
        self.deployed.append(missile.uid)
        fresh.add(missile.uid)
        self.launcher_status(f, l)
        self.touch_group(f, g, before)

    def unload(self, f, l, unloaded):
        g = self.group_of[l]
        before = self.loaded(g)
        missile = f.items[self.content.pop(l)]
        missile.status = "non_deployed"
        missile.facility = g.storage
        missile.contained_in = ""
        missile.submarine = ""
        missile.warheads = 0
        self.deployed.remove(missile.uid)
        self.stock.append(missile.uid)
        unloaded.add(missile.uid)
        self.launcher_status(f, l)
        self.touch_group(f, g, before)

    def pick_unload(self, facility):
        cands = [g for g in self.groups if self.loaded(g)
                 and (facility is None or g.facility == facility)]
        if self.policy == "balanced":
            g = max(cands, key=lambda g: (self.loaded(g), -self.groups.index(g)))
        elif self.policy == "packed":
            g = min(cands, key=lambda g: (self.loaded(g), g.since,
                                          self.groups.index(g)))
        else:
            g = [g for g in self.unload_order if g in cands][0]
        return [l for l in g.launchers if l in self.content][-1]

    def pick_load(self, facility):
        cands = [g for g in self.groups if self.empty(g)
                 and (facility is None or g.facility == facility)]
        if self.policy == "balanced":
            g = min(cands, key=lambda g: (self.loaded(g), self.groups.index(g)))
        elif self.policy == "packed":
            partial = [g for g in cands if self.loaded(g)]
            if partial:
                g = max(partial, key=lambda g: (self.loaded(g), -self.groups.index(g)))
            else:
                g = min(cands, key=lambda g: (g.since, self.groups.index(g)))
        else:
            g = cands[0]
        return self.empty(g)[0]

    # -- launcher reductions -----------------------------------------------
    def retire_launcher(self, f, l, unloaded):
        g = self.group_of[l]
        if l in self.content:
            self.unload(f, l, unloaded)
        g.launchers.remove(l)
        item = f.items[l]
        if self.reduce == "convert":
            item.status = "converted"
        else:
            item.status = "eliminated"
            item.facility = g.ce

    def reduce_launchers(self, f, excess, unloaded):
        if self.reduce == "convert" and self.quantum > 1:
            # SSBN tubes are deactivated a boat at a time
            assert excess % self.quantum == 0
            for _ in range(excess // self.quantum):
                g = min((g for g in self.groups if not g.converted),
                        key=lambda g: (-len(self.empty(g)), self.groups.index(g)))
                empties = self.empty(g)[::-1]
                full = [l for l in g.launchers[::-1] if l in self.content]
                for l in (empties + full)[:self.quantum]:
                    self.retire_launcher(f, l, unloaded)
                g.converted = True
            return
        for g in self.elim_order:
            for l in self.empty(g)[::-1]:
                if excess == 0:
                    return
                self.retire_launcher(f, l, unloaded)
                excess -= 1
        assert excess == 0, "%s: not enough empty launchers" % self.key

    # -- warheads -----------------------------------------------------------
    def set_warheads(self, f, target, fresh):
        missiles = [f.items[m] for m in sorted(self.deployed)]
        if not missiles:
            assert target == 0, self.key
            return
        hard = MAX_WARHEADS[self.model]
        lo, hi = self.band
        start = max(lo, min(hi, target // len(missiles)))
        for m in missiles:
            if m.uid in fresh:
                m.warheads = start
        touched = set(fresh)
        for lo, hi in (self.band, (1, hard)):
            diff = target - sum(m.warheads for m in missiles)
            while diff:
                if diff > 0:
                    c = [m for m in missiles if m.warheads < hi]
                    if not c:
                        break
                    m = min(c, key=lambda m: (m.uid not in touched, -m.warheads, m.uid))
                    step = min(diff, hi - m.warheads)
                else:
                    c = [m for m in missiles if m.warheads > lo]
                    if not c:
                        break
                    m = min(c, key=lambda m: (m.uid not in touched, m.warheads, m.uid))
                    step = -min(-diff, m.warheads - lo)
                m.warheads += step
                touched.add(m.uid)
                diff -= step
            if diff == 0:
                return
        raise ValueError("%s: cannot place %d warheads" % (self.key, target))

    # -- one date -------------------------------------------------------------
    def step(self, f, launchers, deployed, warheads, missiles, by_facility=None):
        fresh, unloaded = set(), set()
        if f.t == 0:
            for g in self.groups:
                for _ in range(g.initial):
                    self.add_launcher(f, g)
                for l in g.launchers[:g.initial_deployed or 0]:
                    self.load(f, l, fresh)
        for fac, want in (by_facility or {}).items():
            while self.n_deployed(fac) > want:
                self.unload(f, self.pick_unload(fac), unloaded)
        while self.n_deployed() > deployed:
            self.unload(f, self.pick_unload(None), unloaded)
        excess = self.n_launchers() - launchers
        if excess > 0:
            self.reduce_launchers(f, excess, unloaded)
        while self.n_launchers() < launchers:
            g = [g for g in self.groups if len(g.launchers) < g.capacity
                 and not g.converted][0]
            self.add_launcher(f, g)
        for fac, want in (by_facility or {}).items():
            while self.n_deployed(fac) < want:
                self.load(f, self.pick_load(fac), fresh)
        while self.n_deployed() < deployed:
            self.load(f, self.pick_load(None), fresh)
        # missiles held: eliminate the longest-stored first, or add new ones
        total = len(self.deployed) + len(self.stock)
        if total > missiles:
            old = sorted(self.stock, key=lambda m: (m in unloaded, m))
            for m in old[:total - missiles]:
                self.stock.remove(m)
                item = f.items[m]
                item.status = "eliminated"
                item.facility = self.missile_ce
        while len(self.deployed) + len(self.stock) < missiles:
            if f.t == 0:
                where = self.groups[0].storage
            else:
                where = min(self.new_at, key=lambda fac: sum(
                    1 for m in self.stock if f.items[m].facility == fac))
            self.stock.append(self.new_missile(f, where).uid)
        self.set_warheads(f, warheads, fresh)
        assert self.n_launchers() == launchers and self.n_deployed() == deployed


class BomberLine:
    """Heavy bombers of one model: at home, at repair, on test, converted."""

    def __init__(self, key, model, homes, repair=None, test=None, ce=None):
        self.key = key
        self.model = model
        self.homes = homes          # [(air base, number based there)]
        self.repair = repair
        self.test = test
        self.ce = ce
        self.home = {}
        self.since = {}
        self.initial = sum(n for _, n in homes)

    def members(self, f, status):
        return [u for u in sorted(self.home) if f.items[u].status == status]

    def move(self, f, u, status, facility):
        item = f.items[u]
        item.status = status
        item.facility = facility
        self.since[u] = f.t

    def pick_at_home(self, f):
        present = self.members(f, "deployed")
        count = {}
        for u in present:
            count[self.home[u]] = count.get(self.home[u], 0) + 1
        order = [h for h, _ in self.homes]
        return min(present, key=lambda u: (-count[self.home[u]],
                                           order.index(self.home[u]),
                                           self.since[u], u))

    def pick_longest(self, f, status):
        return min(self.members(f, status), key=lambda u: (self.since[u], u))

    def step(self, f, deployed, repair, test, converted):
        if f.t == 0:
            for home, n in self.homes:
                for _ in range(n):
                    item = f.new("HB", "heavy_bomber", "deployed", home,
                                 self.model, warheads=0)
                    self.home[item.uid] = home
                    self.since[item.uid] = 0
        n_conv = len(self.members(f, "converted"))
        for _ in range(converted - n_conv):
            if self.members(f, "deployed"):
                u = self.pick_at_home(f)
            else:
                u = (self.members(f, "non_deployed") + self.members(f, "test"))[0]
            self.move(f, u, "converted", f.items[u].facility)
        accountable = deployed + repair + test
        n_elim = self.initial - accountable - converted
        for _ in range(n_elim - len(self.members(f, "eliminated"))):
            self.move(f, self.pick_at_home(f), "eliminated", self.ce)
        while len(self.members(f, "test")) > test:
            u = self.pick_longest(f, "test")
            self.move(f, u, "deployed", self.home[u])
        while len(self.members(f, "test")) < test:
            self.move(f, self.pick_at_home(f), "test", self.test)
        while len(self.members(f, "non_deployed")) > repair:
            u = self.pick_longest(f, "non_deployed")
            self.move(f, u, "deployed", self.home[u])
        while len(self.members(f, "non_deployed")) < repair:
            self.move(f, self.pick_at_home(f), "non_deployed", self.repair)
        assert len(self.members(f, "deployed")) == deployed, self.key


# ---------------------------------------------------------------------------
# The two forces.

OHIO = [  # hull, name, home port
    (730, "Henry M. Jackson", "US-BANGOR"), (731, "Alabama", "US-BANGOR"),
    (732, "Alaska", "US-KINGS-BAY"), (733, "Nevada", "US-BANGOR"),
    (734, "Tennessee", "US-KINGS-BAY"), (735, "Pennsylvania", "US-BANGOR"),
    (736, "West Virginia", "US-KINGS-BAY"), (737, "Kentucky", "US-BANGOR"),
    (738, "Maryland", "US-KINGS-BAY"), (739, "Nebraska", "US-BANGOR"),
    (740, "Rhode Island", "US-KINGS-BAY"), (741, "Maine", "US-BANGOR"),
    (742, "Wyoming", "US-KINGS-BAY"), (743, "Louisiana", "US-BANGOR"),
]
SWF = {"US-KINGS-BAY": "US-SWFLANT", "US-BANGOR": "US-SWFPAC"}


def us_force():
    f = Force("US")
    mm3 = MissileLine("MM3", "Minuteman III", "icbm", [
        Group("US-FE-WARREN", 150, 150),
        Group("US-MALMSTROM", 150, 150),
        Group("US-MINOT-ICBM", 150, 150),
    ], policy="balanced", storage="US-HILL",
        missile_ce="US-DAVIS-MONTHAN-CE", band=(1, 2))
    s564 = MissileLine("MM3-564", "Minuteman III", "icbm", [
        Group("US-MALMSTROM", 50, 50, ce="US-MALMSTROM-CE")])
    mm3_test = MissileLine("MM3-TEST", "Minuteman III", "icbm", [
        Group("US-VANDENBERG", 6, 6)], test=True, reduce="convert")
    pk = MissileLine("PK", "Peacekeeper", "icbm", [
        Group("US-FE-WARREN", 50, 50, ce="US-FE-WARREN-CE")],
        storage="US-HILL", missile_ce="US-DAVIS-MONTHAN-CE")
    pk_test = MissileLine("PK-TEST", "Peacekeeper", "icbm", [
        Group("US-VANDENBERG", 1, 1, ce="US-VANDENBERG-CE")], test=True)
    d5 = MissileLine("D5", "Trident II D5", "slbm", [
        Group(base, 24, 24, submarine="SSBN-%d %s" % (hull, name),
              storage=SWF[base]) for hull, name, base in OHIO],
        policy="packed", new_at=["US-SWFLANT", "US-SWFPAC"],
        missile_ce="US-DAVIS-MONTHAN-CE", band=(4, 5),
        reduce="convert", quantum=4)
    b2 = BomberLine("B-2A", "B-2A", [("US-WHITEMAN", 20)], "US-PALMDALE",
                    "US-EDWARDS")
    b52 = BomberLine("B-52H", "B-52H", [("US-BARKSDALE", 44), ("US-MINOT-AB", 31)],
                     "US-TINKER", "US-EDWARDS")
    b52s = BomberLine("B-52H stored", "B-52H", [("US-DAVIS-MONTHAN", 16)],
                      ce="US-DAVIS-MONTHAN-CE")
    b52g = BomberLine("B-52G", "B-52G", [("US-DAVIS-MONTHAN", 54)],
                      ce="US-DAVIS-MONTHAN-CE")
    b1 = BomberLine("B-1B", "B-1B", [("US-DYESS", 36), ("US-ELLSWORTH", 30)],
                    "US-TINKER", "US-EDWARDS")

    def step(row):
        d = row["as_of"]
        mm3.step(f, 450, row["mm3"], row["mm3_wh"], row["mm3_all"],
                 US_BY_FACILITY.get((d, "MM3")))
        s564.step(f, row["s564"], 0, 0, 0)
        mm3_test.step(f, row["mm3_tst"], 0, 0, 0)
        pk.step(f, row["pk_sil"], 0, 0, row["pk_all"])
        pk_test.step(f, row["pk_tst"], 0, 0, 0)
        d5.step(f, row["tubes"], row["d5"], row["d5_wh"], row["d5_all"],
                US_BY_FACILITY.get((d, "D5")))
        b2.step(f, row["b2d"], row["b2r"], row["b2t"], 0)
        b52.step(f, row["b52d"], row["b52r"], row["b52t"], row["b52c"])
        b52s.step(f, row["b52s"], 0, 0, row["b52s_c"])
        b52g.step(f, row["b52g"], 0, 0, 0)
        b1.step(f, row["b1d"], row["b1r"], row["b1t"], row["b1c"])

    return f, parse_table(US_TABLE), step


DELTA_IV = ["K-51 Verkhoturye", "K-84 Ekaterinburg", "K-114 Tula",
            "K-117 Bryansk", "K-18 Karelia", "K-407 Novomoskovsk"]
BOREI = [("K-535 Yury Dolgorukiy", "RU-GADZHIYEVO"),
         ("K-550 Aleksandr Nevsky", "RU-VILYUCHINSK"),
         ("K-551 Vladimir Monomakh", "RU-VILYUCHINSK"),
         ("K-549 Knyaz Vladimir", "RU-GADZHIYEVO"),
         ("K-552 Knyaz Oleg", "RU-VILYUCHINSK")]
# Topol divisions in the order they were re-equipped with Yars.
TOPOL_BASES = ["RU-NOVOSIBIRSK", "RU-NIZHNY-TAGIL", "RU-YOSHKAR-OLA",
               "RU-IRKUTSK", "RU-BARNAUL", "RU-VYPOLZOVO", "RU-YURYA"]


def ru_force():
    f = Force("RU")
    liquid = dict(storage="RU-PIBANSHUR", missile_ce="RU-SUROVATIKHA")
    solid = dict(storage="RU-PIBANSHUR", new_at=["RU-VOTKINSK"],
                 missile_ce="RU-VOTKINSK-CE")
    rs20 = MissileLine("RS-20V", "RS-20V Voevoda", "icbm", [
        Group("RU-DOMBAROVSKY", 52, 52, deployed=24, ce="RU-DOMBAROVSKY-CE"),
        Group("RU-UZHUR", 52, 52, deployed=34, ce="RU-UZHUR-CE"),
    ], unload_order=[0, 1], elim_order=[1, 0], band=(6, 10), **liquid)
    ur100 = MissileLine("UR-100", "UR-100NUTTKh", "icbm", [
        Group("RU-KOZELSK", 70, 70, deployed=40, ce="RU-KOZELSK-CE"),
        Group("RU-TATISHCHEVO", 60, 60, deployed=20, ce="RU-TATISHCHEVO-CE"),
    ], unload_order=[1, 0], elim_order=[1, 0], band=(4, 6), **liquid)
    avangard = MissileLine("Avangard", "UR-100NUTTKh", "icbm", [
        Group("RU-DOMBAROVSKY", 12)], **liquid)
    tm_silo = MissileLine("Topol-M silo", "RS-12M2 Topol-M", "icbm", [
        Group("RU-TATISHCHEVO", 60, 60, deployed=60)], **solid)
    tm_mob = MissileLine("Topol-M mobile", "RS-12M2 Topol-M", "icbm", [
        Group("RU-TEYKOVO", 18, 18, deployed=18)], **solid)
    topol = MissileLine("Topol", "RS-12M Topol", "icbm", [
        Group(b, 48, 48 if i < 6 else 47, deployed=23, ce="RU-VOTKINSK-CE")
        for i, b in enumerate(TOPOL_BASES)], **solid)
    yars = MissileLine("Yars", "RS-24 Yars", "icbm", [
        Group("RU-TEYKOVO", 27, 18, deployed=18),
        Group("RU-NOVOSIBIRSK", 27), Group("RU-NIZHNY-TAGIL", 27),
        Group("RU-YOSHKAR-OLA", 27), Group("RU-IRKUTSK", 27),
        Group("RU-BARNAUL", 18), Group("RU-VYPOLZOVO", 18),
        Group("RU-YURYA", 18)], band=(2, 4), **solid)
    yars_silo = MissileLine("Yars silo", "RS-24 Yars", "icbm", [
        Group("RU-KOZELSK", 30)], band=(2, 4), **solid)
    tests = [
        MissileLine("Topol test", "RS-12M Topol", "icbm", [
            Group("RU-PLESETSK", 2, 2), Group("RU-KAPUSTIN-YAR", 2, 2)], test=True),
        MissileLine("Yars test", "RS-24 Yars", "icbm", [
            Group("RU-PLESETSK", 2, 2)], test=True),
        MissileLine("Topol-M test", "RS-12M2 Topol-M", "icbm", [
            Group("RU-PLESETSK", 2, 2)], test=True),
    ]
    sineva = MissileLine("Sineva", "R-29RMU2 Sineva", "slbm", [
        Group("RU-GADZHIYEVO", 16, 16, submarine=name) for name in DELTA_IV],
        policy="packed", storage="RU-OKOLNAYA", band=(3, 4))
    bulava = MissileLine("Bulava", "RSM-56 Bulava", "slbm", [
        Group(base, 16, submarine=name) for name, base in BOREI],
        policy="packed", storage="RU-OKOLNAYA", new_at=["RU-VOTKINSK"],
        missile_ce="RU-VOTKINSK-CE", band=(4, 6))
    donskoy = MissileLine("Bulava trials boat", "RSM-56 Bulava", "slbm", [
        Group("RU-SEVERODVINSK", 20, 20, submarine="TK-208 Dmitry Donskoy")])
    tu160 = BomberLine("Tu-160", "Tu-160", [("RU-ENGELS", 16)], "RU-KAZAN",
                       "RU-ZHUKOVSKY")
    tu95 = BomberLine("Tu-95MS", "Tu-95MS", [("RU-ENGELS", 26), ("RU-UKRAINKA", 34)],
                      "RU-TAGANROG", "RU-ZHUKOVSKY")

    def step(row):
        rs20.step(f, row["rs_sil"], row["rs"], row["rs_wh"], row["rs_all"])
        ur100.step(f, row["ur_sil"], row["ur"], row["ur_wh"], row["ur_all"])
        avangard.step(f, row["av_sil"], row["av"], row["av"], row["av_all"])
        tm_silo.step(f, 60, 60, 60, 64)
        tm_mob.step(f, 18, 18, 18, 20)
        topol.step(f, row["tp_l"], row["tp"], row["tp"], row["tp_all"])
        yars.step(f, row["ym_l"], row["ym"], row["ym_wh"], row["ym_all"])
        yars_silo.step(f, row["ys_sil"], row["ys"], row["ys_wh"], row["ys_all"])
        for line in tests:
            line.step(f, sum(g.capacity for g in line.groups), 0, 0, 0)
        sineva.step(f, 96, row["sin"], row["sin_wh"], 112)
        bulava.step(f, row["bul_l"], row["bul"], row["bul_wh"], row["bul_all"])
        donskoy.step(f, 20, 0, 0, 0)
        tu160.step(f, row["t160"], row["r160"], row["x160"], 0)
        tu95.step(f, row["t95"], row["r95"], row["x95"], 0)

    return f, parse_table(RU_TABLE), step


# ---------------------------------------------------------------------------
# Counting (New START Articles II and III) and output.

def count(items):
    dv = dw = lau = 0
    for it in items:
        if it.type in ("icbm", "slbm", "heavy_bomber") and it.status == "deployed":
            dv += 1
            dw += 1 if it.type == "heavy_bomber" else it.warheads
        if (it.type in ("icbm_launcher", "slbm_launcher", "heavy_bomber")
                and it.status in ("deployed", "non_deployed", "test")):
            lau += 1
    return dv, dw, lau


def read_aggregates():
    with open(AGGREGATES, newline="", encoding="utf-8") as fh:
        return {(r["as_of"], r["party"]): r for r in csv.DictReader(fh)}


def write_csv(path, header, meta, facilities, rows):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    width = len(header)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        for key, value in meta:
            w.writerow(["meta", key, "", "", "", "", "", value] + [""] * (width - 8))
        for fid, kind, name, location in sorted(facilities):
            row = ["facility", fid, kind, "", "", "", "", name, "", location]
            w.writerow(row + [""] * (width - len(row)))
        for row in sorted(rows):
            w.writerow(row)


def item_row(it):
    warheads = "" if it.warheads is None else str(it.warheads)
    return [it.uid, it.type, it.status, it.facility, warheads, it.contained_in,
            "", it.model, "", it.submarine]


def write_new_start(party, as_of, force, facilities):
    path = os.path.join(HERE, "new-start", as_of, party + ".csv")
    meta = [("format", "accord-inventory/1"), ("treaty", "new-start"),
            ("party", party), ("as_of", as_of)]
    rows = [["item"] + item_row(it) for it in force.items.values()]
    write_csv(path, HEADER_NS, meta, facilities, rows)
    return path


def simulate(build, facilities, aggregates):
    """Run one party through every date; return its force at each date."""
    force, table, step = build()
    snapshots = {}
    for t, row in enumerate(table):
        force.t = t
        step(row)
        as_of = row["as_of"]
        official = aggregates[(as_of, force.party)]
        want = tuple(int(official[k]) for k in
                     ("deployed_vehicles", "deployed_warheads", "launchers"))
        got = count(force.items.values())
        if got != want:
            raise SystemExit("%s %s: counts %s, official %s"
                             % (force.party, as_of, got, want))
        write_new_start(force.party, as_of, force, facilities)
        snapshots[as_of] = {u: (it.type, it.status, it.facility, it.model,
                                it.contained_in)
                            for u, it in force.items.items()}
    return snapshots


# ---------------------------------------------------------------------------
# Successor-draft extras for 1 September 2022: categories New START never
# counted.  Totals are FAS estimates for early 2022; how they are split
# between sites, and every UID, is illustrative.

US_SUCCESSOR_FACILITIES = [
    ("US-KIRTLAND", "warhead_storage",
     "Kirtland Underground Munitions Maintenance and Storage Complex", "New Mexico"),
    ("US-AVIANO", "air_base", "Aviano Air Base", "Italy"),
    ("US-GHEDI", "air_base", "Ghedi Air Base", "Italy"),
    ("US-BUCHEL", "air_base", "Büchel Air Base", "Germany"),
    ("US-KLEINE-BROGEL", "air_base", "Kleine Brogel Air Base", "Belgium"),
    ("US-VOLKEL", "air_base", "Volkel Air Base", "Netherlands"),
    ("US-INCIRLIK", "air_base", "Incirlik Air Base", "Turkey"),
    ("US-FORT-GREELY", "interceptor_site", "Fort Greely", "Alaska"),
    ("US-VANDENBERG-GBI", "interceptor_site",
     "Vandenberg ground-based interceptor site", "California"),
]
# (facility, role, status, count, model)
US_WARHEADS = [
    ("US-AVIANO", "non_strategic", "deployed", 20, "B61"),
    ("US-GHEDI", "non_strategic", "deployed", 15, "B61"),
    ("US-BUCHEL", "non_strategic", "deployed", 15, "B61"),
    ("US-KLEINE-BROGEL", "non_strategic", "deployed", 15, "B61"),
    ("US-VOLKEL", "non_strategic", "deployed", 15, "B61"),
    ("US-INCIRLIK", "non_strategic", "deployed", 20, "B61"),
    ("US-KIRTLAND", "non_strategic", "non_deployed", 100, "B61"),
    ("US-KIRTLAND", "strategic", "non_deployed", 1264, ""),
    ("US-SWFLANT", "strategic", "non_deployed", 300, ""),
    ("US-SWFPAC", "strategic", "non_deployed", 300, ""),
]
US_INTERCEPTORS = [("US-FORT-GREELY", 40, "GBI"), ("US-VANDENBERG-GBI", 4, "GBI")]

RU_SUCCESSOR_FACILITIES = [
    ("RU-CS-WEST", "warhead_storage", "National-level warhead storage, west", ""),
    ("RU-CS-SOUTH", "warhead_storage", "National-level warhead storage, south", ""),
    ("RU-CS-CENTRAL", "warhead_storage", "National-level warhead storage, centre", ""),
    ("RU-CS-EAST", "warhead_storage", "National-level warhead storage, east", ""),
    ("RU-A-135", "interceptor_site", "A-135 missile defence, Moscow region",
     "Moscow Oblast"),
]
RU_WARHEADS = [
    ("RU-CS-WEST", "non_strategic", "non_deployed", 600, ""),
    ("RU-CS-SOUTH", "non_strategic", "non_deployed", 400, ""),
    ("RU-CS-CENTRAL", "non_strategic", "non_deployed", 500, ""),
    ("RU-CS-EAST", "non_strategic", "non_deployed", 412, ""),
    ("RU-CS-CENTRAL", "strategic", "non_deployed", 677, ""),
    ("RU-OKOLNAYA", "strategic", "non_deployed", 300, ""),
]
RU_INTERCEPTORS = [("RU-A-135", 68, "53T6")]


def write_successor(party, as_of, facilities, warheads, interceptors, hgv_hosts):
    rows = []
    n = 0
    for facility, role, status, count_, model in warheads:
        for _ in range(count_):
            n += 1
            rows.append(["item", "%s-WH-%04d" % (party, n), "warhead", status,
                         facility, "", "", "", model, "", role])
    n = 0
    for facility, count_, model in interceptors:
        for _ in range(count_):
            n += 1
            rows.append(["item", "%s-INT-%04d" % (party, n), "interceptor",
                         "deployed", facility, "", "", "", model, "", ""])
    for n, (host, facility) in enumerate(hgv_hosts, 1):
        rows.append(["item", "%s-HGV-%04d" % (party, n), "hgv", "deployed",
                     facility, "", host, "", "Avangard", "", ""])
    meta = [("format", "accord-inventory/1"), ("treaty", "successor-draft"),
            ("party", party), ("as_of", as_of)]
    path = os.path.join(HERE, "successor-draft", as_of, party + ".csv")
    write_csv(path, HEADER_SUCCESSOR, meta, facilities, rows)


def main():
    aggregates = read_aggregates()
    us = simulate(us_force, US_FACILITIES, aggregates)
    ru = simulate(ru_force, RU_FACILITIES, aggregates)
    as_of = "2022-09-01"
    hosts = sorted((u, fac) for u, (type_, status, fac, model, _) in ru[as_of].items()
                   if type_ == "icbm" and status == "deployed"
                   and model == "UR-100NUTTKh" and fac == "RU-DOMBAROVSKY")
    write_successor("US", as_of, US_SUCCESSOR_FACILITIES, US_WARHEADS,
                    US_INTERCEPTORS, [])
    write_successor("RU", as_of, RU_SUCCESSOR_FACILITIES, RU_WARHEADS,
                    RU_INTERCEPTORS, hosts)
    print("wrote %d New START samples (US %d dates, RU %d dates) and 2 "
          "successor-draft samples" % (len(us) + len(ru), len(us), len(ru)))


if __name__ == "__main__":
    main()
