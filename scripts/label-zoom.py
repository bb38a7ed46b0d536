import sys
from PIL import Image, ImageDraw
# zoom.py IMG X0 Y0 X1 Y1 STEP OUT: enlarge a region with labelled horizontal lines every STEP px
f,x0,y0,x1,y1,step,out=sys.argv[1],*map(int,sys.argv[2:7]),sys.argv[7]
im=Image.open(f).convert('RGB').crop((x0,y0,x1,y1))
k=max(1,min(4,700//max(im.width,im.height)+1))
im=im.resize((im.width*k,im.height*k),Image.NEAREST)
pad=Image.new('RGB',(im.width+50,im.height),'white'); pad.paste(im,(50,0))
d=ImageDraw.Draw(pad)
y=(y0//step+1)*step
while y<y1:
    yy=(y-y0)*k
    d.line([(40,yy),(pad.width,yy)],fill=(0,255,0) if y%(step*5) else (255,0,0),width=1)
    d.text((0,yy-5),str(y),fill=(0,0,0))
    y+=step
pad.save(out)
