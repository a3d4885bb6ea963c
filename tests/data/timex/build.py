#!/usr/bin/env python3
# build.py: turns the hand-labelled TSV files (written.tsv, snn.tsv) into labelled.jsonl with
# code-point offsets, checking that every span occurs and that weekday names agree with their dates.
import datetime, json, os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
WEEKDAYS = {'الاثنين': 1, 'الإثنين': 1, 'الثلاثاء': 2, 'الأربعاء': 3, 'الخميس': 4, 'الجمعة': 5,
            'السبت': 6, 'الأحد': 7}


def whole_word_find(text, span, pos):
    # the first occurrence standing as words of its own ("عام" in "خلال عام", not in "عامل"),
    # else the first one at all
    i = text.find(span, pos)
    first = i
    while i >= 0:
        before = text[i - 1] if i > 0 else ' '
        after = text[i + len(span)] if i + len(span) < len(text) else ' '
        if not before.isalnum() and not after.isalnum():
            return i
        i = text.find(span, i + 1)
    return first


def parse_gold(text, gold, where):
    out, pos = [], 0
    for g in [g.strip() for g in gold.split(';;') if g.strip()]:
        parts = g.split('|')
        span, typ, value = parts[0], parts[1], parts[2]
        mod = parts[3] if len(parts) > 3 else ''
        i = whole_word_find(text, span, pos)
        if i < 0:
            sys.exit(f'{where}: span not found: {span}')
        pos = i + len(span)
        # weekday arithmetic: a named weekday must fall on the labelled day
        if len(value) >= 10 and value[:4].isdigit() and value[4] == '-' and '/' not in value:
            d = datetime.date.fromisoformat(value[:10])
            for name, wd in WEEKDAYS.items():
                if name in span and 'الموافق' not in span and d.isoweekday() != wd:
                    sys.exit(f'{where}: {span} labelled {value}, a weekday {d.isoweekday()}')
        out.append({'start': i, 'end': i + len(span), 'text': span, 'type': typ, 'value': value, 'mod': mod})
    return out


def main():
    items = []
    for name, source in (('written.tsv', 'written'), ('snn.tsv', 'saudinewsnet')):
        for n, line in enumerate(open(os.path.join(HERE, name), encoding='utf-8'), 1):
            line = line.rstrip('\n')
            if not line:
                continue
            if source == 'written':
                dct, text, gold = (line.split('\t') + [''])[:3]
                ident = f'w{n:03d}'
            else:
                ident, dct, text, gold = (line.split('\t') + [''])[:4]
            items.append({'id': ident, 'source': source, 'dct': dct, 'text': text,
                          'gold': parse_gold(text, gold, f'{name}:{n}')})
    # every third sentence of each source is held out: never looked at while tuning rules
    for k, it in enumerate(items):
        it['split'] = 'heldout' if k % 3 == 2 else 'dev'
    # forward.tsv: real sentences with yearless dates after deadlines and future cues (and
    # past controls); snn2.tsv: a second sample of SaudiNewsNet sentences drawn by sample.py
    # (seeds 7 and 11), one per article, labelled before any rule ran on them, every second one
    # held out; snn3.tsv … snn162.tsv: samples of seeds 23, 31, 41, 53, 67, 79, 97, 109, 127, 131, 137, 149, 151, 163, 173, 181, 191, 193, 197, 199, 211, 223, 227, 229, 233, 239, 241, 251, 257 (with 263), 269 (with 271), 277, 283, 293 (with 307), 311, 313, 317, 331, 337, 347, 349, 353, 359, 367, 373, 379, 383, 389, 397, 401, 409, 419, 421, 431, 433, 439, 443, 449, 457, 461, 463, 467, 479, 487, 491, 499, 503, 509, 521, 523, 541, 547, 557, 563, 569, 571, 577, 587, 593, 599, 601, 607, 613, 617, 619, 631, 641, 643, 647, 653, 659, 661, 673, 677, 683, 691, 701, 709, 719, 727, 733, 739, 743, 751, 757, 761, 769, 773, 787, 797, 809, 811, 821, 823, 827, 829, 839, 853, 857, 859, 863, 877, 881, 883, 887, 907, 911, 919, 929, 937, 941, 947, 953, 967, 971, 977, 983, 991, 997, 1009, 1013, 1019, 1021, 1031, 1033, 1039, 1049, 1051, 1061, 1063, 1069, 1087, 1091, 1093, 1097, 1103, 1109, 1117, 1123, 1129 and 1151 (snn5: articles of
    # 2015-07-27 only; snn6: of 2015-07-31, outlets other than aawsat and alriyadh; snn7: of
    # 2015-08-02/03, snn8: of 2015-08-01/04, snn9: of 2015-08-09/11, outlets other than aawsat,
    # alriyadh, aleqtisadiya and alyaum; snn10: of 2015-07-31/08-10, snn11: of 2015-08-02/11, snn12: of
    # 2015-07-31/08-04, snn13: of 2015-08-03/09, snn14: of 2015-08-01/10, snn15: of
    # 2015-07-27/08-11, the eight outlets drawn least for their size; snn16: of 2015-08-03/04, aawsat
    # and aleqtisadiya among its outlets; snn17: of 2015-08-09/10, aawsat, aleqtisadiya and alriyadh among them; snn18: of
    # 2015-08-02/07-31, snn19: of 2015-08-11/07-31, snn20: of 2015-08-02/01, snn21: of 2015-08-11/07-31, snn22: of 2015-08-10/07-27, snn23: of 2015-08-02/11, snn24: of 2015-08-03/07-31, snn25: of 2015-08-10/04, snn26: of 2015-08-11/09, snn27: of 2015-08-02/01, snn28: of 2015-08-03/04, snn29: of 2015-07-31/27, snn30: of 2015-08-11/10, snn31: of 2015-08-10/03, snn32: of 2015-08-11/07-27, snn33: of 2015-08-02/04, snn34: of 2015-07-31/08-09, snn35: of 2015-08-01/10, snn36: of 2015-08-09/03, snn37: of 2015-07-27/08-04, snn38: of 2015-07-31/08-11, snn39: of 2015-08-01/02, snn40: of 2015-08-10/11, snn41: of 2015-08-03/09, snn42: of 2015-08-10/01, snn43: of 2015-07-31/08-11, snn44: of 2015-08-02/07-27, snn45: of 2015-08-10/04, snn46: of 2015-08-03/11, snn47: of 2015-08-09/11, snn48: of 2015-08-03/07-31, snn49: of 2015-07-27/08-04, snn50: of 2015-08-10/01, snn51: of 2015-08-09/11, snn52: of 2015-08-02/03, snn53: of 2015-07-31/08-11, snn54: of 2015-07-27/08-10, snn55: of 2015-08-09/02, snn56: of 2015-08-11/10, snn57: of 2015-07-31/08-01, snn58: of 2015-08-04/03, snn59: of 2015-08-09/10, snn60: of 2015-08-11/07-27, snn61: of 2015-08-01/10, snn62: of 2015-07-31/08-02, snn63: of 2015-08-09/10, snn64: of 2015-08-04/11, snn65: of 2015-08-03/01, snn66: of 2015-08-09/02, snn67: of 2015-08-10/03, snn68: of 2015-07-27/08-03, snn69: of 2015-08-11/04, snn70: of 2015-07-31/08-10, snn71: of 2015-08-02/09, snn72: of 2015-08-03/11, snn73: of 2015-08-10/01, snn74: of 2015-07-31/08-02, snn75: of 2015-08-04/10, snn76: of 2015-07-31/08-03, snn77: of 2015-08-04/11, snn78: of 2015-07-27/08-02, snn79: of 2015-08-09/10, snn80: of 2015-08-01/07-31, snn81: of 2015-08-03/04, snn82: of 2015-08-10/11, snn83: of 2015-08-01/10, snn84: of 2015-08-09/07-27, snn85: of 2015-08-11/07-31, snn86: of 2015-08-10/01, snn87: of 2015-08-04/01, snn88: of 2015-08-03/07-31, snn89: of 2015-08-11/09, snn90: of 2015-08-02/07-31, snn91: of 2015-08-04/07-27, snn92: of 2015-08-10/03, snn93: of 2015-07-31/08-11, snn94: of 2015-08-02/01, snn95: of 2015-08-10/07-27, snn96: of 2015-07-31/08-03, snn97: of 2015-08-11/07-27, snn98: of 2015-08-10/09, snn99: of 2015-08-03/10, snn100: of 2015-08-04/02, snn101: of 2015-07-31/08-01, snn102: of 2015-08-11/04, snn103: of 2015-08-10/01, snn104: of 2015-08-11/03, snn105: of 2015-08-09/10, snn106: of 2015-07-31/08-02, snn107: of 2015-08-10/07-27, snn108: of 2015-08-04/11, snn109: of 2015-08-01/03, snn110: of 2015-08-10/11, snn111: of 2015-08-09/07-31, snn112: of 2015-07-27/08-02, snn113: of 2015-08-11/01, snn114: of 2015-08-04/09, snn115: of 2015-08-03/10, snn116: of 2015-08-11/07-31, snn117: of 2015-08-11/10, snn118: of 2015-08-02/03, snn119: of 2015-08-11/01, snn120: of 2015-08-09/04, snn121: of 2015-07-27/08-10, snn122: of 2015-08-11/03, snn123: of 2015-08-01/07-31, snn124: of 2015-08-02/07-27, snn125: of 2015-08-11/03, snn126: of 2015-08-04/09, snn127: of 2015-08-03/10, snn128: of 2015-07-31/08-11, snn129: of 2015-08-04/03, snn130: of 2015-08-10/01, snn131: of 2015-07-31/08-11, snn132: of 2015-07-27/08-10, snn133: of 2015-08-11/07-27, snn134: of 2015-07-31/08-02, snn135: of 2015-08-10/02, snn136: of 2015-08-09/11, snn137: of 2015-08-04/07-27, snn138: of 2015-08-01/11, snn139: of 2015-08-10/03, snn140: of 2015-07-31/08-01, snn141: of 2015-08-03/10, snn142: of 2015-08-11/02, snn143: of 2015-08-04/09, snn144: of 2015-08-11/03, snn145: of 2015-08-10/01, snn146: of 2015-08-10/07-31, snn147: of 2015-08-11/03, snn148: of 2015-07-27/08-10, snn149: of 2015-08-01/03, snn150: of 2015-08-04/10, snn151: of 2015-08-11/07-31, snn152: of 2015-08-02/03, snn153: of 2015-08-10/09, snn154: of 2015-08-10/01, snn155: of 2015-07-31/08-11, snn156: of 2015-07-27/08-04, snn157: of 2015-08-02/03, snn158: of 2015-08-10/11, snn159: of 2015-08-01/11, snn160: of 2015-08-10/07-31, snn161: of 2015-08-10/03, snn162: of 2015-08-10/09, snn163: of 2015-08-11/02, snn164: of 2015-08-10/03, snn165: of 2015-08-10/07-31, snn166: of 2015-08-01/07-27, snn167: of 2015-08-03/07-31, snn168: of 2015-08-10/04, snn169: of 2015-08-11/03, snn170: of 2015-08-09/01, snn171: of 2015-08-10/03, snn172: of 2015-08-11/07-31, snn173: of 2015-08-10/02, snn174: of 2015-08-10/04, snn175: of 2015-08-01/03, snn176: of 2015-08-11/10, snn177: of 2015-08-10/03, the eight outlets drawn least for their size),
    # each labelled after the rules of the round before and first run as a blind test: all held
    # out. Each line
    # carries its split, fixed before any rule was run on the sentence.
    for name in ('forward.tsv', 'snn2.tsv', 'snn3.tsv', 'snn4.tsv', 'snn5.tsv', 'snn6.tsv', 'snn7.tsv', 'snn8.tsv', 'snn9.tsv', 'snn10.tsv', 'snn11.tsv', 'snn12.tsv', 'snn13.tsv', 'snn14.tsv', 'snn15.tsv', 'snn16.tsv', 'snn17.tsv', 'snn18.tsv', 'snn19.tsv', 'snn20.tsv', 'snn21.tsv', 'snn22.tsv', 'snn23.tsv', 'snn24.tsv', 'snn25.tsv', 'snn26.tsv', 'snn27.tsv', 'snn28.tsv', 'snn29.tsv', 'snn30.tsv', 'snn31.tsv', 'snn32.tsv', 'snn33.tsv', 'snn34.tsv', 'snn35.tsv', 'snn36.tsv', 'snn37.tsv', 'snn38.tsv', 'snn39.tsv', 'snn40.tsv', 'snn41.tsv', 'snn42.tsv', 'snn43.tsv', 'snn44.tsv', 'snn45.tsv', 'snn46.tsv', 'snn47.tsv', 'snn48.tsv', 'snn49.tsv', 'snn50.tsv', 'snn51.tsv', 'snn52.tsv', 'snn53.tsv', 'snn54.tsv', 'snn55.tsv', 'snn56.tsv', 'snn57.tsv', 'snn58.tsv', 'snn59.tsv', 'snn60.tsv', 'snn61.tsv', 'snn62.tsv', 'snn63.tsv', 'snn64.tsv', 'snn65.tsv', 'snn66.tsv', 'snn67.tsv', 'snn68.tsv', 'snn69.tsv', 'snn70.tsv', 'snn71.tsv', 'snn72.tsv', 'snn73.tsv', 'snn74.tsv', 'snn75.tsv', 'snn76.tsv', 'snn77.tsv', 'snn78.tsv', 'snn79.tsv', 'snn80.tsv', 'snn81.tsv', 'snn82.tsv', 'snn83.tsv', 'snn84.tsv', 'snn85.tsv', 'snn86.tsv', 'snn87.tsv', 'snn88.tsv', 'snn89.tsv', 'snn90.tsv', 'snn91.tsv', 'snn92.tsv', 'snn93.tsv', 'snn94.tsv', 'snn95.tsv', 'snn96.tsv', 'snn97.tsv', 'snn98.tsv', 'snn99.tsv', 'snn100.tsv', 'snn101.tsv', 'snn102.tsv', 'snn103.tsv', 'snn104.tsv', 'snn105.tsv', 'snn106.tsv', 'snn107.tsv', 'snn108.tsv', 'snn109.tsv', 'snn110.tsv', 'snn111.tsv', 'snn112.tsv', 'snn113.tsv', 'snn114.tsv', 'snn115.tsv', 'snn116.tsv', 'snn117.tsv', 'snn118.tsv', 'snn119.tsv', 'snn120.tsv', 'snn121.tsv', 'snn122.tsv', 'snn123.tsv', 'snn124.tsv', 'snn125.tsv', 'snn126.tsv', 'snn127.tsv', 'snn128.tsv', 'snn129.tsv', 'snn130.tsv', 'snn131.tsv', 'snn132.tsv', 'snn133.tsv', 'snn134.tsv', 'snn135.tsv', 'snn136.tsv', 'snn137.tsv', 'snn138.tsv', 'snn139.tsv', 'snn140.tsv', 'snn141.tsv', 'snn142.tsv', 'snn143.tsv', 'snn144.tsv', 'snn145.tsv', 'snn146.tsv', 'snn147.tsv', 'snn148.tsv', 'snn149.tsv', 'snn150.tsv', 'snn151.tsv', 'snn152.tsv', 'snn153.tsv', 'snn154.tsv', 'snn155.tsv', 'snn156.tsv', 'snn157.tsv', 'snn158.tsv', 'snn159.tsv', 'snn160.tsv', 'snn161.tsv', 'snn162.tsv', 'snn163.tsv', 'snn164.tsv', 'snn165.tsv', 'snn166.tsv', 'snn167.tsv', 'snn168.tsv', 'snn169.tsv', 'snn170.tsv', 'snn171.tsv', 'snn172.tsv', 'snn173.tsv', 'snn174.tsv', 'snn175.tsv', 'snn176.tsv', 'snn177.tsv', 'snn178.tsv', 'snn179.tsv', 'snn180.tsv', 'snn181.tsv', 'snn182.tsv', 'snn183.tsv', 'snn184.tsv', 'snn185.tsv', 'snn186.tsv', 'snn187.tsv', 'snn188.tsv', 'snn189.tsv', 'snn190.tsv', 'snn191.tsv', 'snn192.tsv', 'snn193.tsv', 'snn194.tsv', 'snn195.tsv', 'snn196.tsv', 'snn197.tsv', 'snn198.tsv', 'snn199.tsv', 'snn200.tsv', 'snn201.tsv', 'snn202.tsv', 'snn203.tsv', 'snn204.tsv', 'snn205.tsv', 'snn206.tsv', 'snn207.tsv', 'snn208.tsv', 'snn209.tsv', 'snn210.tsv', 'snn211.tsv', 'snn212.tsv', 'snn213.tsv', 'snn214.tsv', 'snn215.tsv', 'snn216.tsv', 'snn217.tsv', 'snn218.tsv', 'snn219.tsv', 'snn220.tsv', 'snn221.tsv', 'snn222.tsv', 'snn223.tsv', 'snn224.tsv', 'snn225.tsv', 'snn226.tsv', 'snn227.tsv', 'snn228.tsv', 'snn229.tsv', 'snn230.tsv', 'snn231.tsv', 'snn232.tsv', 'snn233.tsv', 'snn234.tsv', 'snn235.tsv', 'snn236.tsv', 'snn237.tsv', 'snn238.tsv', 'snn239.tsv', 'snn240.tsv', 'snn241.tsv', 'snn242.tsv', 'snn243.tsv', 'snn244.tsv', 'snn245.tsv', 'snn246.tsv', 'snn247.tsv', 'snn248.tsv', 'snn249.tsv', 'snn250.tsv', 'snn251.tsv', 'snn252.tsv', 'snn253.tsv', 'snn254.tsv', 'snn255.tsv', 'snn256.tsv', 'snn257.tsv', 'snn258.tsv', 'snn259.tsv', 'snn260.tsv', 'snn261.tsv', 'snn262.tsv', 'snn263.tsv', 'snn264.tsv', 'snn265.tsv', 'snn266.tsv', 'snn267.tsv', 'snn268.tsv', 'snn269.tsv', 'snn270.tsv', 'snn271.tsv', 'snn272.tsv', 'snn273.tsv', 'snn274.tsv', 'snn275.tsv', 'snn276.tsv', 'snn277.tsv', 'snn278.tsv', 'snn279.tsv', 'snn280.tsv', 'snn281.tsv', 'snn282.tsv', 'snn283.tsv', 'snn284.tsv', 'snn285.tsv', 'snn286.tsv', 'snn287.tsv', 'snn288.tsv', 'snn289.tsv', 'snn290.tsv', 'snn291.tsv', 'snn292.tsv', 'snn293.tsv', 'snn294.tsv', 'snn295.tsv', 'snn296.tsv', 'snn297.tsv', 'snn298.tsv', 'snn299.tsv', 'snn300.tsv', 'snn301.tsv', 'snn302.tsv', 'snn303.tsv', 'snn304.tsv', 'snn305.tsv', 'snn306.tsv', 'snn307.tsv', 'snn308.tsv', 'snn309.tsv', 'snn310.tsv', 'snn311.tsv', 'snn312.tsv', 'snn313.tsv', 'snn314.tsv', 'snn315.tsv', 'snn316.tsv', 'snn317.tsv', 'snn318.tsv', 'snn319.tsv', 'snn320.tsv', 'snn321.tsv', 'snn322.tsv', 'snn323.tsv', 'snn324.tsv', 'snn325.tsv', 'snn326.tsv', 'snn327.tsv', 'snn328.tsv', 'snn329.tsv', 'snn330.tsv', 'snn331.tsv', 'snn332.tsv', 'snn333.tsv', 'snn334.tsv', 'snn335.tsv', 'snn336.tsv', 'snn337.tsv', 'snn338.tsv', 'snn339.tsv', 'snn340.tsv', 'snn341.tsv', 'snn342.tsv', 'snn343.tsv', 'snn344.tsv', 'snn345.tsv', 'snn346.tsv', 'snn347.tsv', 'snn348.tsv', 'snn349.tsv', 'snn350.tsv', 'snn351.tsv', 'snn352.tsv', 'snn353.tsv', 'snn354.tsv', 'snn355.tsv', 'snn356.tsv', 'snn357.tsv', 'snn358.tsv', 'snn359.tsv', 'snn360.tsv', 'snn361.tsv', 'snn362.tsv', 'snn363.tsv', 'snn364.tsv', 'snn365.tsv', 'snn366.tsv', 'snn367.tsv', 'snn368.tsv', 'snn369.tsv', 'snn370.tsv', 'snn371.tsv', 'snn372.tsv', 'snn373.tsv', 'snn374.tsv', 'snn375.tsv', 'snn376.tsv', 'snn377.tsv', 'snn378.tsv', 'snn379.tsv', 'snn380.tsv', 'snn381.tsv', 'snn382.tsv', 'snn383.tsv', 'snn384.tsv', 'snn385.tsv', 'snn386.tsv', 'snn387.tsv', 'snn388.tsv', 'snn389.tsv', 'snn390.tsv', 'snn391.tsv', 'snn392.tsv', 'snn393.tsv', 'snn394.tsv', 'snn395.tsv', 'snn396.tsv', 'snn397.tsv', 'snn398.tsv', 'snn399.tsv', 'snn400.tsv', 'snn401.tsv', 'snn402.tsv', 'snn403.tsv', 'snn404.tsv', 'snn405.tsv', 'snn406.tsv', 'snn407.tsv', 'snn408.tsv', 'snn409.tsv', 'snn410.tsv', 'snn411.tsv', 'snn412.tsv', 'snn413.tsv', 'snn414.tsv', 'snn415.tsv', 'snn416.tsv', 'snn417.tsv', 'snn418.tsv', 'snn419.tsv', 'snn420.tsv', 'snn421.tsv', 'snn422.tsv', 'snn423.tsv', 'snn424.tsv', 'snn425.tsv', 'snn426.tsv', 'snn427.tsv', 'snn428.tsv', 'snn429.tsv', 'snn430.tsv', 'snn431.tsv', 'snn432.tsv', 'snn433.tsv', 'snn434.tsv', 'snn435.tsv', 'snn436.tsv', 'snn437.tsv', 'snn438.tsv', 'snn439.tsv', 'snn440.tsv', 'snn441.tsv', 'snn442.tsv', 'snn443.tsv', 'snn444.tsv', 'snn445.tsv', 'snn446.tsv', 'snn447.tsv', 'snn448.tsv', 'snn449.tsv', 'snn450.tsv', 'snn451.tsv', 'snn452.tsv', 'snn453.tsv', 'snn454.tsv', 'snn455.tsv', 'snn456.tsv', 'snn457.tsv', 'snn458.tsv', 'snn459.tsv', 'snn460.tsv', 'snn461.tsv', 'snn462.tsv', 'snn463.tsv', 'snn464.tsv', 'snn465.tsv', 'snn466.tsv', 'snn467.tsv', 'snn468.tsv', 'snn469.tsv', 'snn470.tsv', 'snn471.tsv', 'snn472.tsv', 'snn473.tsv', 'snn474.tsv', 'snn475.tsv', 'snn476.tsv', 'snn477.tsv', 'snn478.tsv', 'snn479.tsv', 'snn480.tsv', 'snn481.tsv', 'snn482.tsv', 'snn483.tsv', 'snn484.tsv', 'snn485.tsv', 'snn486.tsv', 'snn487.tsv', 'snn488.tsv', 'snn489.tsv', 'snn490.tsv', 'snn491.tsv', 'snn492.tsv', 'snn493.tsv', 'snn494.tsv', 'snn495.tsv', 'snn496.tsv', 'snn497.tsv', 'snn498.tsv', 'snn499.tsv', 'snn500.tsv', 'snn501.tsv', 'snn502.tsv', 'snn503.tsv', 'snn504.tsv', 'snn505.tsv', 'snn506.tsv', 'snn507.tsv', 'snn508.tsv', 'snn509.tsv', 'snn510.tsv', 'snn511.tsv', 'snn512.tsv', 'snn513.tsv', 'snn514.tsv', 'snn515.tsv', 'snn516.tsv', 'snn517.tsv', 'snn518.tsv', 'snn519.tsv', 'snn520.tsv', 'snn521.tsv', 'snn522.tsv', 'snn523.tsv', 'snn524.tsv', 'snn525.tsv', 'snn526.tsv', 'snn527.tsv', 'snn528.tsv', 'snn529.tsv', 'snn530.tsv', 'snn531.tsv', 'snn532.tsv', 'snn533.tsv', 'snn534.tsv', 'snn535.tsv', 'snn536.tsv', 'snn537.tsv', 'snn538.tsv', 'snn539.tsv', 'snn540.tsv', 'snn541.tsv', 'snn542.tsv', 'snn543.tsv', 'snn544.tsv', 'snn545.tsv', 'snn546.tsv', 'snn547.tsv', 'snn548.tsv', 'snn549.tsv', 'snn550.tsv', 'snn551.tsv', 'snn552.tsv', 'snn553.tsv', 'snn554.tsv', 'snn555.tsv', 'snn556.tsv', 'snn557.tsv', 'snn558.tsv', 'snn559.tsv', 'snn560.tsv', 'snn561.tsv', 'snn562.tsv', 'snn563.tsv', 'snn564.tsv', 'snn565.tsv', 'snn566.tsv', 'snn567.tsv', 'snn568.tsv', 'snn569.tsv', 'snn570.tsv', 'snn571.tsv', 'snn572.tsv', 'snn573.tsv', 'snn574.tsv', 'snn575.tsv', 'snn576.tsv', 'snn577.tsv', 'snn578.tsv', 'snn579.tsv', 'snn580.tsv', 'snn581.tsv', 'snn582.tsv', 'snn583.tsv', 'snn584.tsv', 'snn585.tsv', 'snn586.tsv', 'snn587.tsv', 'snn588.tsv', 'snn589.tsv', 'snn590.tsv', 'snn591.tsv', 'snn592.tsv', 'snn593.tsv', 'snn594.tsv', 'snn595.tsv', 'snn596.tsv', 'snn597.tsv', 'snn598.tsv', 'snn599.tsv', 'snn600.tsv', 'snn601.tsv', 'snn602.tsv', 'snn603.tsv', 'snn604.tsv', 'snn605.tsv', 'snn606.tsv', 'snn607.tsv', 'snn608.tsv', 'snn609.tsv', 'snn610.tsv', 'snn611.tsv', 'snn612.tsv', 'snn613.tsv', 'snn614.tsv', 'snn615.tsv', 'snn616.tsv', 'snn617.tsv', 'snn618.tsv', 'snn619.tsv', 'snn620.tsv', 'snn621.tsv', 'snn622.tsv', 'snn623.tsv', 'snn624.tsv', 'snn625.tsv', 'snn626.tsv', 'snn627.tsv', 'snn628.tsv', 'snn629.tsv'):
        for n, line in enumerate(open(os.path.join(HERE, name), encoding='utf-8'), 1):
            line = line.rstrip('\n')
            if not line:
                continue
            ident, dct, split, text, gold = (line.split('\t') + [''])[:5]
            if split not in ('dev', 'heldout'):
                sys.exit(f'{name}:{n}: bad split {split}')
            items.append({'id': ident, 'source': 'saudinewsnet', 'dct': dct, 'text': text, 'batch': name[:-4],
                          'gold': parse_gold(text, gold, f'{name}:{n}'), 'split': split})
    with open(os.path.join(HERE, 'labelled.jsonl'), 'w', encoding='utf-8') as f:
        for it in items:
            f.write(json.dumps(it, ensure_ascii=False) + '\n')
    ng = sum(len(it['gold']) for it in items)
    print(f'{len(items)} sentences, {ng} expressions')


main()
