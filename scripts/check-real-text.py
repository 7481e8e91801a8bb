#!/usr/bin/env python3
"""Real text of known encoding must come through unchanged: every non-ASCII line (8+ chars,
no markup or entities) of the files in ../shared/detect-corpus whose label Python can
decode, fixed with `mojifix fix --jsonl --preset encoding`; prints the changed lines.

Usage: python3 scripts/check-real-text.py [path/to/mojifix] [--write fixtures/corpus/real-clean/lines.jsonl]
"""
import json, subprocess, sys, os, collections, re, html
root=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "detect-corpus")
m={"windows-1251":"cp1251","Shift_JIS":"cp932","EUC-KR":"cp949","ISO-8859-5":"iso8859_5","UTF-8":"utf-8","EUC-JP":"euc_jp","Big5":"big5hkscs","windows-1255":"cp1255","GBK":"gb18030","KOI8-R":"koi8_r","ISO-8859-2":"iso8859_2","IBM855":"cp855","x-mac-cyrillic":"mac_cyrillic","windows-1250":"cp1250","IBM866":"cp866","ISO-8859-7":"iso8859_7","windows-1252":"cp1252","windows-1254":"cp1254","windows-874":"cp874","windows-1258":"cp1258","windows-1256":"cp1256","gb18030":"gb18030","TIS-620":"tis_620","ISO-8859-6":"iso8859_6","windows-1257":"cp1257","macintosh":"mac_roman","KZ-1048":"kz1048","ISO-8859-4":"iso8859_4","IBM869":"cp869","IBM857":"cp857","IBM852":"cp852","IBM775":"cp775","UTF-16LE":"utf-16-le","UTF-16BE":"utf-16-be","UTF-32LE":"utf-32-le","UTF-32BE":"utf-32-be"}
lines=[]
for row in open(root+"/MANIFEST.tsv", encoding="utf-8").read().splitlines()[1:]:
    f=row.split("\t"); path,label=f[0],f[1]
    if label not in m: continue
    try: text=open(os.path.join(root,path),"rb").read().decode(m[label])
    except Exception: continue
    for line in text.splitlines():
        line=line.strip().lstrip("\ufeff")
        if len(line)<8 or line.isascii(): continue
        if "&" in line or "<" in line: continue  # html entity/markup decoding is on purpose
        lines.append((path,line))
inp="".join(json.dumps({"text":l},ensure_ascii=False)+"\n" for _,l in lines)
args=[a for a in sys.argv[1:]]
if "--write" in args:
    i=args.index("--write"); target=args[i+1]; del args[i:i+2]
    with open(target,"w",encoding="utf-8") as f:
        for p,l in lines:
            f.write(json.dumps({"text":l,"source":p},ensure_ascii=False)+"\n")
binary=args[0] if args else "target/release/mojifix"
out=subprocess.run([binary,"fix","--jsonl","--preset","encoding"],input=inp.encode(),capture_output=True).stdout.decode().splitlines()
changed=[(p,l,json.loads(o)["text"]) for (p,l),o in zip(lines,out) if json.loads(o)["text"]!=l]
print(len(lines),"lines,",len(changed),"changed")
for p,l,o in changed[:40]: print(p, repr(l[:100]), "->", repr(o[:100]))
