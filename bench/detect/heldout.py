#!/usr/bin/env python3
"""Detection on sentences written after detection's language term was tuned (branch
detect3), never used to choose a weight: 17 languages, each in the single-byte pages it is
commonly written in and their look-alikes, whole (51-75 bytes) and as a short field (the
first characters that make >= 20 bytes). Right when the answer decodes the bytes to the
same text as the truth (Python codecs).

    python3 bench/detect/heldout.py target/release/mojifix [OTHER_BINARY ...]
"""
import os
import subprocess
import sys
T = [
 ("de","Gestern Abend haben wir im Garten gegrillt, später kamen die Nachbarn dazu.",["cp1252","cp850","cp437","mac_roman"]),
 ("fr","Le garçon a oublié son cahier à l'école, il était très déçu ce matin-là.",["cp1252","cp850","mac_roman"]),
 ("es","Mañana por la mañana iremos al mercado a comprar pescado y limón.",["cp1252","cp850"]),
 ("it","Perché non vieni con noi? Sarà una bella giornata, più o meno.",["cp1252","cp850"]),
 ("pl","Zażółć gęślą jaźń, powiedział dziadek, śmiejąc się głośno.",["cp1250","iso8859_2","cp852"]),
 ("cs","Včera večer jsme šli do divadla, představení bylo opravdu skvělé.",["cp1250","iso8859_2","cp852"]),
 ("hu","Tegnap délután a folyóparton sétáltunk, és fagylaltot ettünk.",["cp1250","iso8859_2"]),
 ("tr","Dün akşam arkadaşlarımla birlikte güzel bir yemek yedik, çok eğlendik.",["cp1254","cp857"]),
 ("lv","Vakar vakarā mēs gājām uz teātri, izrāde bija ļoti laba.",["cp1257"]),
 ("lt","Vakar vakare ėjome į teatrą, spektaklis buvo labai gražus.",["cp1257","cp775"]),
 ("et","Eile õhtul käisime teatris, etendus oli väga hea ja lõbus.",["cp1257"]),
 ("ru","Сегодня утром я купил свежий хлеб и молоко в магазине.",["cp1251","koi8_r","cp866","mac_cyrillic","iso8859_5"]),
 ("uk","Сьогодні ввечері ми підемо до кінотеатру з друзями.",["cp1251","koi8_u"]),
 ("el","Σήμερα το πρωί ήπια καφέ με τους φίλους μου στην πλατεία.",["cp1253","iso8859_7","cp869"]),
 ("pt","Amanhã vamos à praia, se o tempo não estiver muito frio.",["cp1252","cp850"]),
 ("sv","I morgon åker vi till skärgården och äter räkor på bryggan.",["cp1252","cp850"]),
 ("ro","Ieri am fost la piaţă şi am cumpărat roşii şi castraveţi.",["cp1250"]),
]
def short(b, enc):
    for end in range(20, len(b)+1):
        try: b[:end].decode(enc); return b[:end]
        except UnicodeDecodeError: pass
    return b
NAMES={"x-mac-cyrillic":"mac_cyrillic","macintosh":"mac_roman","x-mac-ce":"mac_latin2","IBM850":"cp850","IBM437":"cp437","IBM852":"cp852","IBM857":"cp857","IBM866":"cp866","IBM775":"cp775","IBM869":"cp869","IBM855":"cp855","IBM737":"cp737","KZ-1048":"kz1048","PTCP154":"ptcp154","windows-874":"cp874","TIS-620":"tis_620"}
os.makedirs("/tmp/mojifix-heldout", exist_ok=True)
cases=[]
for lang,text,encs in T:
    for e in encs:
        b=text.encode(e)
        for kind,data in (("whole",b),("short",short(b,e))):
            p=f"/tmp/mojifix-heldout/{lang}.{e}.{kind}"; open(p,"wb").write(data); cases.append((p,e,data))
for binp in sys.argv[1:]:
    out=subprocess.run([binp,"detect",*[c[0] for c in cases]],capture_output=True,text=True).stdout.splitlines()
    ans={l.split("\t")[0]:l.split("\t")[1] for l in out}
    ok={"whole":0,"short":0}; n={"whole":0,"short":0}; wrong=[]
    for p,e,data in cases:
        kind=p.rsplit(".",1)[1]; n[kind]+=1
        a=ans.get(p,"?"); name=NAMES.get(a,a)
        try: good = data.decode(name)==data.decode(e)
        except Exception: good=False
        ok[kind]+=good
        if not good: wrong.append(f"{os.path.basename(p)}->{a}")
    print(binp, {k:f"{ok[k]}/{n[k]}" for k in ok}); print("  wrong:", " ".join(wrong))
